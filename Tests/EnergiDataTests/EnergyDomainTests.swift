import Basics
import Foundation
import Testing
import EnergiData

/// The energy-domain rules of issue 3, each on the real recorded data, with
/// expectations computed from the files independently of the code under test.
@Suite struct EnergyDomainTests {
    let validator = RecordValidator()

    /// Every record of a file through the validator, as the consumer will see it.
    func stored(_ file: RecordFile) -> [StoredObservation] {
        var rows: [StoredObservation] = []
        for record in file.records {
            switch validator.validate(record.messageValue, dataset: file.dataset) {
            case .accepted(let r): rows += r
            case .rejected(let rejection): Issue.record("\(record.messageKey): \(rejection)")
            }
        }
        return rows
    }

    @Test func declarationProductionCountsEachProductionOnce() throws {
        // Independent expectation: split the CSV and sum Production_MWh of All/Total rows.
        let (header, rows) = try Recorded.split(Recorded.declaration)
        let method = try #require(header.firstIndex(of: "FuelAllocationMethod"))
        let mwh = try #require(header.firstIndex(of: "Production_MWh"))
        let hour = rows.filter { $0[0] == "2024-09-24T23:00:00" }
        let naive = hour.reduce(0.0) { $0 + Double($1[mwh])! }
        let counted = hour.filter { ["All", "Total"].contains($0[method]) }.reduce(0.0) { $0 + Double($1[mwh])! }
        #expect(abs(naive - 3807.4) < 0.05)   // SOURCES.md
        #expect(abs(counted - 3300.9) < 0.05) // SOURCES.md

        let observations = stored(try Recorded.cached(Recorded.declaration))
        #expect(observations.count == 52) // every row stored, 125%/200% included
        let at2300 = observations.filter { $0.time == Recorded.utc("2024-09-24 23:00") }
        #expect(at2300.count == 26)
        let total = at2300.filter(\.countsInTotals).compactMap(\.productionMWh).reduce(0, +)
        #expect(abs(total - counted) < 1e-9)
        let all = at2300.compactMap(\.productionMWh).reduce(0, +)
        #expect(abs(all - naive) < 1e-9)
        // 125% and 200% rows repeat the Total row's MWh and never count.
        for row in at2300 where !row.countsInTotals {
            let payload = try JSONValue.parse(row.payload)
            #expect(["125%", "200%"].contains(payload["FuelAllocationMethod"]?.stringValue))
            let twin = at2300.first { $0.countsInTotals && $0.productionType == row.productionType && $0.naturalKey.contains("|Total|") }
            #expect(twin?.productionMWh == row.productionMWh)
        }
        #expect(Set(observations.map(\.naturalKey)).count == 52)
        #expect(at2300.contains { $0.naturalKey == "DeclarationProduction|2024-09-24T23:00:00Z|DK1|Solar|All|OwnConsumption|Preliminary" })
        #expect(at2300.contains { $0.naturalKey == "DeclarationProduction|2024-09-24T23:00:00Z|DK1|Fossil Oil|125%|Grid|Preliminary" })
    }

    @Test(arguments: Recorded.settlementFiles)
    func settlementProductionClosesTheBalance(file name: String) throws {
        // GrossConsumptionMWh = the 14 production rows + the 6 Exchange* columns (SOURCES.md).
        let file = try Recorded.cached(name)
        var checked = 0
        for record in file.records {
            let rows = try #require(validator.validate(record.messageValue, dataset: file.dataset).observations)
            #expect(rows.count == 14)
            #expect(Set(rows.compactMap(\.productionType)) == Set(Dataset.productionConsumptionSettlement.productionColumns))
            let production = rows.compactMap(\.productionMWh).reduce(0, +)
            let exchange = record.fields.filter { $0.key.hasPrefix("Exchange") }.compactMap(\.value.doubleValue).reduce(0, +)
            #expect(record.fields.filter { $0.key.hasPrefix("Exchange") }.count == 6)
            let gross = try #require(record["GrossConsumptionMWh"]?.doubleValue)
            #expect(abs(production + exchange - gross) < 1e-5, "\(record.messageKey)")
            // Leaving out the two self-consumption columns breaks it (5–354 MWh short).
            let selfCon = rows.filter { $0.productionType?.contains("SelfCon") == true }.compactMap(\.productionMWh).reduce(0, +)
            #expect(selfCon > 1)
            checked += 1
        }
        #expect(checked == file.records.count && checked > 0)
    }

    @Test func fallBackDayHas25HoursAndSpringForwardDay23() throws {
        let file = try Recorded.cached(Recorded.elspot7Areas)
        let dk2 = stored(file).filter { $0.area == "DK2" }.map { row in
            (row.time, (try? JSONValue.parse(row.payload))?["HourDK"]?.stringValue ?? "")
        }
        #expect(dk2.count == 8784)
        func hours(_ day: String) -> Set<Date> {
            Set(dk2.filter { $0.1.hasPrefix(day) }.map(\.0))
        }
        #expect(hours("2024-10-27").count == 25)
        #expect(hours("2024-03-31").count == 23)
        #expect(hours("2024-06-01").count == 24)
        // Independently: the raw file lists 25 rows of DK2 on DK day 2024-10-27, with HourDK 02:00 twice.
        let raw = try Recorded.split(Recorded.elspot7Areas).rows.filter { $0[2] == "DK2" && $0[1].hasPrefix("2024-10-27") }
        #expect(raw.count == 25)
        #expect(raw.filter { $0[1] == "2024-10-27 02:00:00" }.count == 2)
        #expect(Set(raw.map { $0[0] }).count == 25)
    }

    @Test func negativePricesAreKept() throws {
        // SOURCES.md: 686 negative EUR rows in the 2021–2024 file; the lowest −440.10 (DK1, 2023-07-02 14:00 DK).
        let rows = stored(try Recorded.cached(Recorded.elspotDK1DK2))
        #expect(rows.count == 56_926)
        let negative = rows.filter { ($0.priceEUR ?? 0) < 0 }
        #expect(negative.count == 686)
        let lowest = try #require(rows.min { $0.priceEUR! < $1.priceEUR! })
        #expect(abs(lowest.priceEUR! + 440.10) < 0.01)
        #expect(lowest.area == "DK1")
        #expect(lowest.time == Recorded.utc("2023-07-02 12:00")) // 14:00 Danish summer time
        #expect(rows.allSatisfy { $0.intervalSeconds == 3600 && $0.priceDKK != nil && $0.countsInTotals })
    }

    @Test func dayAheadAndElspotFeedOnePriceSeries() throws {
        let dayAhead = stored(try Recorded.cached(Recorded.dayAhead))
        #expect(dayAhead.count == 672)
        #expect(dayAhead.allSatisfy { $0.intervalSeconds == 900 && $0.dataset == .dayAheadPrices && $0.priceEUR != nil })
        let first = try #require(dayAhead.first)
        #expect(first.naturalKey == "DayAheadPrices|2026-02-28T23:00:00Z|DK2")
        #expect(first.priceEUR == 49.740002) // EUR comes before DKK in this file
        #expect(first.priceDKK == 371.647347)
        // Four quarter-hours cover one hour: weights add up like one hourly price.
        #expect(dayAhead.prefix(4).map(\.intervalSeconds).reduce(0, +) == Dataset.elspotPrices.interval)
        let elspot = stored(try Recorded.cached(Recorded.elspotDK1))
        #expect(elspot.last?.priceEUR == 92.540001)
        #expect(elspot.last?.naturalKey == "ElspotPrices|2025-09-30T21:00:00Z|DK1")
    }

    @Test func wideBalanceRowsSkipEmptyColumns() throws {
        let file = try Recorded.cached(Recorded.balance2024)
        let (header, rawRows) = try Recorded.split(Recorded.balance2024)
        let productionIndices = Dataset.electricityBalanceNonv.productionColumns.map { header.firstIndex(of: $0)! }
        let expected = rawRows.reduce(0) { sum, row in sum + productionIndices.filter { !row[$0].isEmpty }.count }
        let rows = stored(file)
        #expect(rows.count == expected)
        #expect(rows.count == 1681 * 8) // DK2 has no HydroPower or OtherRenewable
        #expect(!rows.contains { ["HydroPower", "OtherRenewable", "TotalLoad"].contains($0.productionType) })
        #expect(!rows.contains { $0.productionType?.hasPrefix("Exchange") == true })
        let first = try #require(rows.first)
        #expect(first.naturalKey == "ElectricityBalanceNonv|2024-08-28T22:00:00Z|DK2|Biomass")
        #expect(first.productionMWh == 1.29)
        #expect(Set(rows.map(\.naturalKey)).count == rows.count)
    }

    @Test func the2019BlankHourIsAcceptedWithNothingToStore() throws {
        let file = try Recorded.cached(Recorded.balance2019)
        let blank = file.records.filter { $0.time == Recorded.utc("2019-09-29 07:00") }
        #expect(blank.count == 2)
        for record in blank {
            #expect(validator.validate(record.messageValue, dataset: .electricityBalanceNonv) == .accepted([]))
        }
        // DK1 has all ten production columns on an ordinary hour, DK2 eight.
        let ordinary = file.records.filter { $0.time == Recorded.utc("2019-06-01 12:00") }
        let counts = ordinary.map { validator.validate($0.messageValue, dataset: .electricityBalanceNonv).observations?.count }
        #expect(counts == [8, 10])
    }

    @Test func everyRecordedRecordValidatesWithItsMessageKey() throws {
        for name in [Recorded.elspotDK2, Recorded.elspotDK1, Recorded.dayAhead, Recorded.declaration,
                     Recorded.balance2019] + Recorded.settlementFiles {
            let file = try Recorded.cached(name)
            var accepted = 0
            for record in file.records {
                switch validator.validate(record.messageValue, topic: file.dataset.defaultTopic) {
                case .accepted(let rows):
                    accepted += 1
                    for row in rows {
                        #expect(row.time == record.time)
                        #expect(row.payload == record.messageValue)
                        if file.dataset.isWide {
                            #expect(row.naturalKey == record.messageKey + "|" + row.productionType!)
                        } else {
                            #expect(row.naturalKey == record.messageKey)
                        }
                    }
                case .rejected(let rejection):
                    Issue.record("\(name) \(record.messageKey): \(rejection)")
                }
            }
            #expect(accepted == file.records.count)
        }
    }
}
