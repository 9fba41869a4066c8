import Testing
import EnergiData

@Suite struct DatasetTests {
    @Test func namesTopicsAndGrain() {
        let expected: [(Dataset, String, String, String, String, Int, Dataset.Kind)] = [
            (.elspotPrices, "ElspotPrices", "elspot_topic", "elspot", "HourUTC", 3600, .price),
            (.dayAheadPrices, "DayAheadPrices", "dayahead_topic", "dayahead", "TimeUTC", 900, .price),
            (.declarationProduction, "DeclarationProduction", "declaration_topic", "declaration", "HourUTC", 3600, .production),
            (.electricityBalanceNonv, "ElectricityBalanceNonv", "balance_topic", "balance", "HourUTC", 3600, .production),
            (.productionConsumptionSettlement, "ProductionConsumptionSettlement", "settlement_topic", "settlement", "HourUTC", 3600, .production),
        ]
        #expect(Dataset.allCases.count == expected.count)
        for (dataset, api, topic, short, time, interval, kind) in expected {
            #expect(dataset.apiName == api)
            #expect(dataset.defaultTopic == topic)
            #expect(dataset.shortName == short)
            #expect(dataset.timeField == time)
            #expect(dataset.interval == interval)
            #expect(dataset.kind == kind)
            #expect(Dataset(apiName: api.lowercased()) == dataset)
            #expect(Dataset(apiName: api.uppercased()) == dataset)
            #expect(Dataset(shortName: short.uppercased()) == dataset)
            #expect(Dataset(topic: topic.uppercased()) == dataset)
            #expect(Dataset(named: " \(short) ") == dataset)
            #expect(Dataset(named: topic) == dataset)
            #expect(Dataset.defaultTopics[topic] == dataset)
        }
        #expect(Dataset(named: "Elspotprices") == .elspotPrices) // SOURCES.md's spelling
        #expect(Dataset(named: "GenerationProdTypeExchange") == nil)
    }

    @Test func unknownNameSaysWhatIsKnown() {
        #expect(throws: EnergiDataError.self) { try Dataset.named("spot") }
        do {
            _ = try Dataset.named("spot")
        } catch {
            #expect(error.code == .unknownName)
            #expect(error.message.contains("\"spot\""))
            #expect(error.message.contains("ElspotPrices (elspot)"))
        }
    }

    @Test func productionColumnsAreProductionOnly() {
        #expect(Dataset.electricityBalanceNonv.productionColumns == [
            "Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower", "OtherRenewable",
            "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower",
        ])
        let settlement = Dataset.productionConsumptionSettlement.productionColumns
        #expect(settlement.count == 14)
        #expect(settlement.first == "CentralPowerMWh")
        #expect(settlement.last == "UnknownProdMWh")
        #expect(settlement.contains("LocalPowerSelfConMWh"))
        #expect(settlement.contains("SolarPowerSelfConMWh"))
        for dataset in [Dataset.electricityBalanceNonv, .productionConsumptionSettlement] {
            for column in dataset.productionColumns {
                #expect(!column.hasPrefix("Exchange"))
                #expect(!column.hasPrefix("GridLoss"))
                #expect(!["TotalLoad", "GrossConsumptionMWh", "PowerToHeatMWh"].contains(column))
                #expect(dataset.kind(ofField: column) == .number)
            }
        }
        #expect(Dataset.elspotPrices.productionColumns.isEmpty)
        #expect(Dataset.declarationProduction.keyFields ==
                ["HourUTC", "PriceArea", "ProductionType", "FuelAllocationMethod", "DeliveryType", "Version"])
        #expect(Dataset.elspotPrices.priceFields?.eur == "SpotPriceEUR")
        #expect(Dataset.dayAheadPrices.priceFields?.eur == "DayAheadPriceEUR")
    }

    @Test func settlementProductionColumnsSplitTheRecordedHeader() throws {
        // The recorded header, minus key fields, is exactly production + the non-production columns.
        let header = try Recorded.split(Recorded.settlementWeek).header
        let nonProduction = header.dropFirst(3).filter {
            $0.hasPrefix("Exchange") || $0.hasPrefix("GridLoss") || $0 == "GrossConsumptionMWh" || $0 == "PowerToHeatMWh"
        }
        #expect(nonProduction.count == 11)
        #expect(Set(header.dropFirst(3)).subtracting(nonProduction) == Set(Dataset.productionConsumptionSettlement.productionColumns))
    }

    @Test(arguments: [
        (Recorded.elspotDK2, Dataset.elspotPrices), (Recorded.elspotDK1DK2, .elspotPrices),
        (Recorded.elspot7Areas, .elspotPrices), (Recorded.elspotDK1, .elspotPrices),
        (Recorded.dayAhead, .dayAheadPrices), (Recorded.declaration, .declarationProduction),
        (Recorded.balance2024, .electricityBalanceNonv), (Recorded.balance2019, .electricityBalanceNonv),
        (Recorded.settlementWeek, .productionConsumptionSettlement), (Recorded.settlementFeb, .productionConsumptionSettlement),
    ])
    func recognisesEveryRecordedHeader(file: String, dataset: Dataset) throws {
        let header = try Recorded.split(file).header
        #expect(Dataset.recognize(fields: header) == dataset)
        #expect(Dataset.recognize(fields: header.map { $0.lowercased() }) == dataset)
    }

    @Test func doesNotRecogniseOtherHeaders() {
        // GenerationProdTypeExchange (SOURCES.md): TimeUTC with balance-like columns.
        let generation = "TimeUTC;TimeDK;PriceArea;Version;GrossCon;OffshoreWindPower;OnshoreWindPower;HydroPower;SolarPower;SolarPowerSelfCon;Biomass;Biogas;Waste;FossilGas;FossilOil;FossilHardCoal"
        #expect(Dataset.recognize(fields: generation.split(separator: ";").map(String.init)) == nil)
        #expect(Dataset.recognize(fields: ["HourUTC", "PriceArea"]) == nil)
        #expect(Dataset.recognize(fields: ["HourUTC", "SpotPriceEUR"]) == nil)
        #expect(Dataset.recognize(fields: [String]()) == nil)
    }
}
