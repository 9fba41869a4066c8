import Tabular

/// The raw datasets `raw` shows, with the payload fields it turns into
/// columns (the API's documented fields besides the time and area keys,
/// which come from the stored columns).
struct RawDataset: Sendable {
    var word: String
    var apiName: String
    /// The fields, in the API's order, with their column types and units.
    var fields: [Column]
    /// True for datasets stored as one row per production column (one API
    /// record → several stored rows sharing the payload): `raw` shows each record once.
    var isWide: Bool
    /// Fields that, with time and area, make a record unique (for a stable order).
    var keyFields: [String]

    static func number(_ names: [String], unit: String? = nil) -> [Column] {
        names.map { Column($0, .double, unit: unit) }
    }

    static let all: [RawDataset] = [
        RawDataset(word: "elspot", apiName: "ElspotPrices",
                   fields: [Column("SpotPriceDKK", .double, unit: "DKK/MWh"), Column("SpotPriceEUR", .double, unit: "EUR/MWh")],
                   isWide: false, keyFields: []),
        RawDataset(word: "dayahead", apiName: "DayAheadPrices",
                   fields: [Column("DayAheadPriceEUR", .double, unit: "EUR/MWh"),
                            Column("DayAheadPriceDKK", .double, unit: "DKK/MWh")],
                   isWide: false, keyFields: []),
        RawDataset(word: "declaration", apiName: "DeclarationProduction",
                   fields: ["Version", "FuelAllocationMethod", "ReportGrpCode", "ProductionType", "DeliveryType"]
                       .map { Column($0, .text) }
                       + [Column("Production_MWh", .double, unit: "MWh")]
                       + number(["ShareTotal", "ShareGrid", "FuelConsumptionGJ", "CO2PerkWh", "CO2originPerkWh",
                                 "SO2PerkWh", "NOxPerkWh", "NMvocPerkWh", "CH4PerkWh", "COPerkWh", "N2OPerkWh",
                                 "SlagPerkWh", "FlyAshPerkWh", "ParticlesPerkWh", "WastePerkWh", "DesulpPerkWh"]),
                   isWide: false, keyFields: ["ProductionType", "FuelAllocationMethod", "DeliveryType", "Version"]),
        RawDataset(word: "balance", apiName: "ElectricityBalanceNonv",
                   fields: number(["TotalLoad", "Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower",
                                   "OtherRenewable", "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower",
                                   "ExchangeContinent", "ExchangeGreatBelt", "ExchangeNordicCountries",
                                   "ExchangeGreatBritain"], unit: "MWh"),
                   isWide: true, keyFields: []),
        RawDataset(word: "settlement", apiName: "ProductionConsumptionSettlement",
                   fields: number(["CentralPowerMWh", "LocalPowerMWh", "CommercialPowerMWh", "LocalPowerSelfConMWh",
                                   "OffshoreWindLt100MW_MWh", "OffshoreWindGe100MW_MWh", "OnshoreWindLt50kW_MWh",
                                   "OnshoreWindGe50kW_MWh", "HydroPowerMWh", "SolarPowerLt10kW_MWh",
                                   "SolarPowerGe10Lt40kW_MWh", "SolarPowerGe40kW_MWh", "SolarPowerSelfConMWh",
                                   "UnknownProdMWh", "ExchangeNO_MWh", "ExchangeSE_MWh", "ExchangeGE_MWh",
                                   "ExchangeNL_MWh", "ExchangeGB_MWh", "ExchangeGreatBelt_MWh", "GrossConsumptionMWh",
                                   "GridLossTransmissionMWh", "GridLossInterconnectorsMWh", "GridLossDistributionMWh",
                                   "PowerToHeatMWh"], unit: "MWh"),
                   isWide: true, keyFields: []),
    ]

    static func named(_ word: String) -> RawDataset? { all.first { $0.word == word } }
}
