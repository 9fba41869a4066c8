/// The Energi Data Service datasets EnergiFlow ingests
/// (https://api.energidataservice.dk/dataset/<apiName>).
///
/// Prices: `ElspotPrices` (hourly, ended 2025-09-30) and `DayAheadPrices`
/// (15-minute, from 2025-10-01 Danish time) feed one price series in EUR.
/// Production: `DeclarationProduction` has one row per production type;
/// `ElectricityBalanceNonv` and `ProductionConsumptionSettlement` have one wide
/// row per hour whose production columns each become a production row.
public enum Dataset: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case elspotPrices
    case dayAheadPrices
    case declarationProduction
    case electricityBalanceNonv
    case productionConsumptionSettlement

    /// What a record of the dataset measures.
    public enum Kind: String, Sendable, Hashable {
        case price
        case production
    }

    /// The name exactly as the API spells it.
    public var apiName: String {
        switch self {
        case .elspotPrices: "ElspotPrices"
        case .dayAheadPrices: "DayAheadPrices"
        case .declarationProduction: "DeclarationProduction"
        case .electricityBalanceNonv: "ElectricityBalanceNonv"
        case .productionConsumptionSettlement: "ProductionConsumptionSettlement"
        }
    }

    /// The Kafka topic the dataset goes to unless configured otherwise.
    public var defaultTopic: String {
        switch self {
        case .elspotPrices: "elspot_topic"
        case .dayAheadPrices: "dayahead_topic"
        case .declarationProduction: "declaration_topic"
        case .electricityBalanceNonv: "balance_topic"
        case .productionConsumptionSettlement: "settlement_topic"
        }
    }

    /// A short name for command lines (`--dataset elspot`).
    public var shortName: String {
        switch self {
        case .elspotPrices: "elspot"
        case .dayAheadPrices: "dayahead"
        case .declarationProduction: "declaration"
        case .electricityBalanceNonv: "balance"
        case .productionConsumptionSettlement: "settlement"
        }
    }

    public var description: String { apiName }

    /// The field holding the event's UTC time (the key time).
    public var timeField: String {
        self == .dayAheadPrices ? "TimeUTC" : "HourUTC"
    }

    /// The same instant in Danish local time (Europe/Copenhagen); informative only.
    public var localTimeField: String {
        self == .dayAheadPrices ? "TimeDK" : "HourDK"
    }

    /// The field naming the bidding zone.
    public var areaField: String { "PriceArea" }

    /// Length of one record's interval in seconds.
    public var interval: Int {
        self == .dayAheadPrices ? 900 : 3600
    }

    public var kind: Kind {
        switch self {
        case .elspotPrices, .dayAheadPrices: .price
        default: .production
        }
    }

    /// For price datasets, the EUR and DKK price fields (per MWh).
    public var priceFields: (eur: String, dkk: String)? {
        switch self {
        case .elspotPrices: ("SpotPriceEUR", "SpotPriceDKK")
        case .dayAheadPrices: ("DayAheadPriceEUR", "DayAheadPriceDKK")
        default: nil
        }
    }

    /// True for the datasets with one wide row per hour and area, whose
    /// `productionColumns` each become one production row.
    public var isWide: Bool {
        self == .electricityBalanceNonv || self == .productionConsumptionSettlement
    }

    /// The columns of a wide dataset that are production (MWh per hour). Load,
    /// exchange, gross consumption, grid loss and power-to-heat columns are not
    /// production and stay in the payload only. Empty for the other datasets.
    public var productionColumns: [String] {
        switch self {
        case .electricityBalanceNonv:
            ["Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower", "OtherRenewable",
             "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower"]
        case .productionConsumptionSettlement:
            ["CentralPowerMWh", "LocalPowerMWh", "CommercialPowerMWh", "LocalPowerSelfConMWh",
             "OffshoreWindLt100MW_MWh", "OffshoreWindGe100MW_MWh", "OnshoreWindLt50kW_MWh", "OnshoreWindGe50kW_MWh",
             "HydroPowerMWh", "SolarPowerLt10kW_MWh", "SolarPowerGe10Lt40kW_MWh", "SolarPowerGe40kW_MWh",
             "SolarPowerSelfConMWh", "UnknownProdMWh"]
        default: []
        }
    }

    /// For DeclarationProduction: the fields besides time and area that make a
    /// record unique, in natural-key order. Empty for the other datasets.
    public var extraKeyFields: [String] {
        self == .declarationProduction ? ["ProductionType", "FuelAllocationMethod", "DeliveryType", "Version"] : []
    }

    /// Every field of the natural key, in key order (time, area, then the extras).
    public var keyFields: [String] { [timeField, areaField] + extraKeyFields }

    /// All datasets keyed by their default topic.
    public static var defaultTopics: [String: Dataset] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.defaultTopic, $0) })
    }

    // MARK: Lookup

    /// The dataset whose API name matches, ignoring case (`elspotprices` works).
    public init?(apiName: String) {
        guard let found = Dataset.allCases.first(where: { $0.apiName.caseInsensitiveEquals(apiName) }) else { return nil }
        self = found
    }

    /// The dataset whose short name matches, ignoring case.
    public init?(shortName: String) {
        guard let found = Dataset.allCases.first(where: { $0.shortName.caseInsensitiveEquals(shortName) }) else { return nil }
        self = found
    }

    /// The dataset whose default topic matches, ignoring case.
    public init?(topic: String) {
        guard let found = Dataset.allCases.first(where: { $0.defaultTopic.caseInsensitiveEquals(topic) }) else { return nil }
        self = found
    }

    /// The dataset named by its API name, short name or default topic, ignoring case.
    public init?(named name: String) {
        let trimmed = name.trimmingASCIIWhitespace()
        guard let found = Dataset(apiName: trimmed) ?? Dataset(shortName: trimmed) ?? Dataset(topic: trimmed) else { return nil }
        self = found
    }

    /// Like `init(named:)`, but throws an error that lists the names EnergiFlow knows.
    public static func named(_ name: String) throws(EnergiDataError) -> Dataset {
        if let dataset = Dataset(named: name) { return dataset }
        let known = allCases.map { "\($0.apiName) (\($0.shortName))" }.joined(separator: ", ")
        throw EnergiDataError(.unknownName, "unknown dataset \"\(name)\"; known datasets: \(known)")
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 {
    (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
}

@inline(__always) func isASCIIWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
}
