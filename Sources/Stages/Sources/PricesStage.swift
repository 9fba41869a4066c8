import Query
import Store
import Tabular

/// `prices`: the price of every interval (an hour, or 15 minutes from
/// October 2025) per area, from ElspotPrices and DayAheadPrices alike.
///
/// Columns: `time` (interval start), `area`, `price` (EUR/MWh), `price_dkk`
/// (DKK/MWh, from the record when it has one), `dataset`, `minutes` (the
/// interval's length, 60 or 15, which `avg(price)` weighs by). With `by=`: the
/// bucket (`time` for hours, `day`, `week` or `month`), `area`, then `price`
/// (time-weighted average: a 15-minute price counts a quarter of an hour),
/// `min_price`, `max_price`, `intervals`. Filters on a record's own columns
/// (`price<0`) choose the records before they are grouped; filters on the
/// groups' columns (`intervals>20`) choose groups.
struct PricesStage: SourceStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "prices", kind: .source,
        summary: "Price per interval and area. Columns: time, area, price (EUR/MWh), price_dkk (DKK/MWh), dataset, minutes (the interval's length).",
        arguments: [
            CommonArguments.area, CommonArguments.since, CommonArguments.until, CommonArguments.last,
            CommonArguments.by(["hour", "day", "week", "month", "area"],
                               help: "group per hour, day, week or month (and area), or per area only: "
                                   + "time-weighted price, min_price, max_price, intervals"),
            CommonArguments.tz,
        ],
        examples: [
            "prices area=DK1 last=1d",
            "prices area=DK2 since=2024-09-01 until=2024-09-08 by=day",
            "prices area=DK1,DK2 last=7d price<10",
            "prices area=DK2 by=month since=2024-01-01 until=2025-01-01 | sort price desc",
        ],
        acceptsFilters: true,
        columns: ["time", "area", "price", "price_dkk", "dataset", "minutes", "day", "week", "month",
                  "min_price", "max_price", "intervals"])
        spec.notes = [StoreConditions.rowFilterNote]
        return spec
    }()

    private static let r = StoreColumns.r

    /// The columns of a price record before grouping, for filters.
    static let rowColumns: [StoreConditions.RowColumn] = [
        .init(StoreColumns.time, r.time), .init(StoreColumns.area, r.area),
        .init(StoreColumns.price, r.price), .init(StoreColumns.priceDKK, r.priceDKK),
        .init(StoreColumns.dataset, r.dataset), .init(StoreColumns.minutes, "(\(r.intervalSeconds) / 60)"),
    ]

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        var p = SQLParameters()
        var query: StoreQuery
        let r = Self.r
        if !args.isGrouped {
            let conditions = StoreConditions.records("r", kind: StoreColumns.priceKind, args, &p)
            let core = """
                SELECT \(r.time) AS "time", \(r.area) AS "area", \(r.price) AS "price",
                       \(r.priceDKK) AS "price_dkk",
                       \(r.dataset) AS "dataset", \(r.intervalSeconds) / 60 AS "minutes"
                FROM \(r.from)\(StoreConditions.clause(conditions))
                """
            var price = StoreColumns.price
            price.weight = .column(StoreColumns.minutes.name)
            let columns = [StoreColumns.time, StoreColumns.area, price, StoreColumns.priceDKK,
                           StoreColumns.dataset, StoreColumns.minutes]
            query = StoreQuery(name: "prices", core: core, columns: columns,
                               order: [.column(StoreColumns.time), .column(StoreColumns.area),
                                       .column(StoreColumns.dataset)],
                               parameters: p)
            try StoreConditions.applyFilters(stage, to: &query, context: context)
            return .store(query)
        }
        var keys: [(sql: String, column: Column)] = []
        if let grain = args.grain {
            keys.append((grain.sql(r.time, zone: p.bind(.text(args.timeZone.sqlName))), grain.column))
        }
        keys.append((r.area, StoreColumns.area))
        let columns = keys.map(\.column) + [StoreColumns.price, StoreColumns.minPrice, StoreColumns.maxPrice,
                                            StoreColumns.intervals]
        // Filters on a record's own columns choose the records before they are grouped (as SQL's WHERE).
        var conditions = StoreConditions.records("r", kind: StoreColumns.priceKind, args, &p)
        let (rowConditions, applied, rest) = try StoreConditions.rowFilters(stage, rows: Self.rowColumns, groups: columns.map(\.name),
                                                                   context: context, &p)
        conditions += rowConditions
        let aggregates = ["\(r.averagePrice) AS \"price\"",
                          "min(\(r.price)) AS \"min_price\"", "max(\(r.price)) AS \"max_price\"",
                          "count(*) AS \"intervals\""]
        let core = StoreConditions.groupedSelect(keys: keys, aggregates: aggregates, from: r.from, where: conditions)
        query = StoreQuery(name: "prices", core: core, columns: columns,
                           order: keys.map { .column($0.column) }, parameters: p)
        if !rowConditions.isEmpty {
            try StoreConditions.noteRowFilters(stage, applied, rows: "price records", grouping: "by=" + args.by.joined(separator: ","),
                                               into: &query) { (withFilters: Bool) throws(QueryError) in
                var p = SQLParameters()
                var conditions = StoreConditions.records("r", kind: StoreColumns.priceKind, args, &p)
                if withFilters {
                    conditions += try StoreConditions.rowFilters(stage, rows: Self.rowColumns, groups: columns.map(\.name),
                                                                 context: context, &p).conditions
                }
                return ("SELECT 1 FROM \(r.from)" + StoreConditions.clause(conditions), p.values)
            }
        }
        try StoreConditions.applyFilters(stage, rest, to: &query, context: context, grouped: true)
        return .store(query)
    }
}
