/// How EnergiFlow types the values of a field.
public enum FieldKind: String, Sendable, Hashable {
    /// A timestamp in UTC (`HourUTC`, `TimeUTC`); a zone, when written, is honoured.
    case utcTime
    /// A timestamp in Danish local time (`HourDK`, `TimeDK`).
    case localTime
    /// Text (area, production type, version …).
    case text
    /// A number (prices, MWh, shares, emissions …).
    case number
}

/// One documented field of a dataset.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let kind: FieldKind

    public init(_ name: String, _ kind: FieldKind) {
        self.name = name
        self.kind = kind
    }
}

extension Dataset {
    /// The fields the dataset is documented to have, in the API's order.
    /// Records may carry other fields too; they are kept in the payload.
    public var knownFields: [FieldSpec] {
        switch self {
        case .elspotPrices: Dataset.elspotFields
        case .dayAheadPrices: Dataset.dayAheadFields
        case .declarationProduction: Dataset.declarationFields
        case .electricityBalanceNonv: Dataset.balanceFields
        case .productionConsumptionSettlement: Dataset.settlementFields
        }
    }

    /// The kind of a documented field, matched exactly; nil for other fields.
    public func kind(ofField name: String) -> FieldKind? {
        knownFields.first(where: { $0.name == name })?.kind
    }

    /// The documented spelling of `name` when it matches a known field ignoring
    /// case and surrounding spaces (CSV headers), else nil.
    public func canonicalFieldName(_ name: String) -> String? {
        let trimmed = name.trimmingASCIIWhitespace()
        return knownFields.first(where: { $0.name.caseInsensitiveEquals(trimmed) })?.name
    }

    /// Fields that must all be present (besides time and area) for a header or
    /// record to be recognised as this dataset.
    public var signatureFields: [String] {
        switch self {
        case .elspotPrices: ["SpotPriceEUR"]
        case .dayAheadPrices: ["DayAheadPriceEUR"]
        case .declarationProduction: ["ProductionType", "FuelAllocationMethod", "Production_MWh"]
        // The 2019 export lacks ExchangeGreatBritain, so recognise by production columns.
        case .electricityBalanceNonv: ["Biomass", "OnshoreWindPower", "OffshoreWindPower", "SolarPower"]
        case .productionConsumptionSettlement: ["CentralPowerMWh", "GrossConsumptionMWh"]
        }
    }

    /// The dataset whose time field, area field and signature fields all occur
    /// among `fields` (a CSV header or a record's keys; case and surrounding
    /// spaces ignored). Nil when none or more than one matches.
    public static func recognize<S: Sequence>(fields: S) -> Dataset? where S.Element == String {
        let names = Set(fields.map { String(decoding: $0.trimmingASCIIWhitespace().utf8.map(asciiLower), as: UTF8.self) })
        let matches = allCases.filter { dataset in
            ([dataset.timeField, dataset.areaField] + dataset.signatureFields).allSatisfy {
                names.contains(String(decoding: $0.utf8.map(asciiLower), as: UTF8.self))
            }
        }
        return matches.count == 1 ? matches[0] : nil
    }

    // MARK: Tables

    private static let elspotFields: [FieldSpec] = [
        FieldSpec("HourUTC", .utcTime), FieldSpec("HourDK", .localTime), FieldSpec("PriceArea", .text),
        FieldSpec("SpotPriceDKK", .number), FieldSpec("SpotPriceEUR", .number),
    ]

    private static let dayAheadFields: [FieldSpec] = [
        FieldSpec("TimeUTC", .utcTime), FieldSpec("TimeDK", .localTime), FieldSpec("PriceArea", .text),
        FieldSpec("DayAheadPriceEUR", .number), FieldSpec("DayAheadPriceDKK", .number),
    ]

    private static let declarationFields: [FieldSpec] =
        [FieldSpec("HourUTC", .utcTime), FieldSpec("HourDK", .localTime)]
        + ["PriceArea", "Version", "FuelAllocationMethod", "ReportGrpCode", "ProductionType", "DeliveryType"]
            .map { FieldSpec($0, .text) }
        + ["Production_MWh", "ShareTotal", "ShareGrid", "FuelConsumptionGJ", "CO2PerkWh", "CO2originPerkWh",
           "SO2PerkWh", "NOxPerkWh", "NMvocPerkWh", "CH4PerkWh", "COPerkWh", "N2OPerkWh", "SlagPerkWh",
           "FlyAshPerkWh", "ParticlesPerkWh", "WastePerkWh", "DesulpPerkWh"].map { FieldSpec($0, .number) }

    private static let balanceFields: [FieldSpec] =
        [FieldSpec("HourUTC", .utcTime), FieldSpec("HourDK", .localTime), FieldSpec("PriceArea", .text),
         FieldSpec("TotalLoad", .number)]
        + Dataset.electricityBalanceNonv.productionColumns.map { FieldSpec($0, .number) }
        + ["ExchangeContinent", "ExchangeGreatBelt", "ExchangeNordicCountries", "ExchangeGreatBritain"]
            .map { FieldSpec($0, .number) }

    private static let settlementFields: [FieldSpec] =
        [FieldSpec("HourUTC", .utcTime), FieldSpec("HourDK", .localTime), FieldSpec("PriceArea", .text)]
        + Dataset.productionConsumptionSettlement.productionColumns.map { FieldSpec($0, .number) }
        + ["ExchangeNO_MWh", "ExchangeSE_MWh", "ExchangeGE_MWh", "ExchangeNL_MWh", "ExchangeGB_MWh",
           "ExchangeGreatBelt_MWh", "GrossConsumptionMWh", "GridLossTransmissionMWh",
           "GridLossInterconnectorsMWh", "GridLossDistributionMWh", "PowerToHeatMWh"].map { FieldSpec($0, .number) }
}
