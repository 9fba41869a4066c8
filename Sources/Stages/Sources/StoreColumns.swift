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

    /// Time-weighted average price of the rows of `energi_records AS r` in a group.
    static let averagePriceSQL = "sum(r.spot_price_eur * r.interval_seconds) / nullif(sum(r.interval_seconds), 0)"

    /// The DKK price from a record's payload, when it is a number there
    /// (ElspotPrices: SpotPriceDKK, DayAheadPrices: DayAheadPriceDKK).
    static let priceDKKSQL = """
        CASE WHEN json_typeof(coalesce(r.payload -> 'SpotPriceDKK', r.payload -> 'DayAheadPriceDKK')) = 'number' \
        THEN coalesce(r.payload ->> 'SpotPriceDKK', r.payload ->> 'DayAheadPriceDKK')::double precision END
        """

    /// Joins the production rows of `energi_records AS r` to the daily
    /// rollup's choice of dataset for their Danish day, so figures never add
    /// two datasets that describe the same energy (and agree with `daily`).
    static let chosenDatasetJoin = """
        JOIN energi_daily AS d ON d.price_area = r.price_area
         AND d.day = (r."timestamp" AT TIME ZONE 'Europe/Copenhagen')::date
         AND d.production_dataset = r.dataset
        """

    /// Rows that are prices.
    static func priceKind(_ alias: String, _ p: inout SQLParameters) -> [String] {
        ["\(alias).spot_price_eur IS NOT NULL"]
    }

    /// Rows that are production counted in totals.
    static func productionKind(_ alias: String, _ p: inout SQLParameters) -> [String] {
        ["\(alias).production_mwh IS NOT NULL", "\(alias).counts_in_totals"]
    }
}
