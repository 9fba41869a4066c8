import Store
import Tabular

/// The columns store sources output, named once so every source spells
/// them alike. Measures are `price` (EUR/MWh) and `production` (MWh) in
/// every source that has them, so rules (`decide`) and charts can rely on
/// those names; units travel with the column and show in table headers.
enum StoreColumns {
    static let time = Column("time", .time)
    static let area = Column("area", .text)
    static let type = Column("type", .text)
    static let dataset = Column("dataset", .text)
    static let day = Column("day", .day)
    static let price = Column("price", .double, unit: "EUR/MWh")
    static let priceDKK = Column("price_dkk", .double, unit: "DKK/MWh")
    static let minPrice = Column("min_price", .double, unit: "EUR/MWh")
    static let maxPrice = Column("max_price", .double, unit: "EUR/MWh")
    static let intervals = Column("intervals", .int)
    static let production = Column("production", .double, unit: "MWh")
    static let hours = Column("hours", .int)
    /// The length of a price's interval in minutes (60 for hourly, 15 for quarter-hourly prices).
    static let minutes = Column("minutes", .int, unit: "min")

    /// The store's tables under the aliases the sources use (Store owns the names).
    static let r = RecordsSQL("r")
    static let d = DailySQL("d")

    /// Rows that are prices.
    static func priceKind(_ alias: String, _ p: inout SQLParameters) -> [String] {
        RecordsSQL(alias).isPrice
    }

    /// Rows that are production counted in totals.
    static func productionKind(_ alias: String, _ p: inout SQLParameters) -> [String] {
        RecordsSQL(alias).isCountedProduction
    }
}
