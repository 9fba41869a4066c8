/// The store's tables as SQL, for queries written outside Store (the query
/// sources): the physical table and column names live here, with the
/// table, so a schema change is made in one module. Each value gives SQL
/// text for the table under an alias, e.g. `RecordsSQL("r").price` is
/// `r.spot_price_eur`. Names are constants; values never go in here.
public struct RecordsSQL: Sendable {
    public let alias: String

    public init(_ alias: String = "r") {
        self.alias = alias
    }

    /// `energi_records AS r`, for FROM.
    public var from: String { "energi_records AS \(alias)" }
    /// The event's UTC time.
    public var time: String { "\(alias).\"timestamp\"" }
    public var area: String { "\(alias).price_area" }
    /// EUR/MWh; null on production rows.
    public var price: String { "\(alias).spot_price_eur" }
    /// MWh; null on price rows.
    public var production: String { "\(alias).production_mwh" }
    public var productionType: String { "\(alias).production_type" }
    /// The dataset's API name.
    public var dataset: String { "\(alias).dataset" }
    public var intervalSeconds: String { "\(alias).interval_seconds" }
    public var countsInTotals: String { "\(alias).counts_in_totals" }
    /// The record as received (json).
    public var payload: String { "\(alias).payload" }
    public var storedAt: String { "\(alias).stored_at" }

    /// Conditions: the row is a price.
    public var isPrice: [String] { ["\(price) IS NOT NULL"] }
    /// Conditions: the row is production that counts in totals (see `DailyRules`).
    public var isCountedProduction: [String] { ["\(production) IS NOT NULL", countsInTotals] }

    /// The time-weighted average price of the rows in a group (see `DailyRules`).
    public var averagePrice: String { DailyRules.timeWeightedSQL(price: price, seconds: intervalSeconds) }
    /// The Danish day of the row's time.
    public var danishDay: String { DailyRules.danishDaySQL(time) }

    /// A number field of the payload, or null when it is not a number there.
    public func payloadNumber(_ fields: [String]) -> String {
        let value = fields.map { "\(payload) -> '\($0)'" }
        let text = fields.map { "\(payload) ->> '\($0)'" }
        let pick = value.count == 1 ? value[0] : "coalesce(\(value.joined(separator: ", ")))"
        let pickText = text.count == 1 ? "(\(text[0]))" : "coalesce(\(text.joined(separator: ", ")))"
        return "CASE WHEN json_typeof(\(pick)) = 'number' THEN \(pickText)::double precision END"
    }

    /// A text field of the payload.
    public func payloadText(_ field: String) -> String { "\(payload) ->> '\(field)'" }

    /// The DKK price from the payload, when it is a number there
    /// (ElspotPrices: SpotPriceDKK, DayAheadPrices: DayAheadPriceDKK).
    public var priceDKK: String { payloadNumber(["SpotPriceDKK", "DayAheadPriceDKK"]) }

    /// Joins these rows to the daily rollup's choice of production dataset
    /// for their Danish day, so figures never add two datasets that describe
    /// the same energy (and agree with the rollup).
    public func joinChosenDataset(_ daily: DailySQL = DailySQL()) -> String {
        """
        JOIN \(daily.from) ON \(daily.area) = \(area)
         AND \(daily.day) = \(danishDay)
         AND \(daily.productionDataset) = \(dataset)
        """
    }
}

/// `energi_daily` as SQL (see `RecordsSQL`).
public struct DailySQL: Sendable {
    public let alias: String

    public init(_ alias: String = "d") {
        self.alias = alias
    }

    /// `energi_daily AS d`, for FROM.
    public var from: String { "energi_daily AS \(alias)" }
    /// The Danish day.
    public var day: String { "\(alias).day" }
    public var area: String { "\(alias).price_area" }
    public var averagePrice: String { "\(alias).avg_price_eur" }
    public var minPrice: String { "\(alias).min_price_eur" }
    public var maxPrice: String { "\(alias).max_price_eur" }
    public var production: String { "\(alias).total_production_mwh" }
    public var productionByType: String { "\(alias).production_by_type" }
    public var productionDataset: String { "\(alias).production_dataset" }
    public var priceIntervals: String { "\(alias).price_intervals" }
    public var productionHours: String { "\(alias).production_hours" }
    /// The day's length in hours (23, 24 or 25).
    public var dayHours: String { DailyRules.dayHoursSQL(day) }

    /// The areas the store has days of, in order.
    public static let areasSQL = "SELECT DISTINCT price_area FROM energi_daily ORDER BY 1"
}
