import Foundation
import Query
import Store
import Tabular

/// `daily`: per Danish day and area, from the daily rollup — one
/// row per day, so it costs O(days) however many raw rows there are.
///
/// Columns: `day`, `area`, `price` (time-weighted average, EUR/MWh),
/// `min_price`, `max_price`, `production` (total MWh), `price_intervals`,
/// `production_hours`. `by=week|month` sums and averages the days (each
/// day's price weighted by its length, 23–25 hours); `by=area` gives one row
/// per area over the whole range. Days are Danish days whatever `tz=` says.
struct DailyStage: SourceStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "daily", kind: .source,
        summary: "Per Danish day and area, from the rollup. Columns: day, area, price (avg EUR/MWh), min_price, max_price, production (MWh), price_intervals, production_hours.",
        arguments: [
            CommonArguments.area,
            ArgumentSpec("since", .dateTime, help: "from this day on (inclusive), e.g. 2024-09-01"),
            ArgumentSpec("until", .dateTime, help: "up to this day (exclusive)"),
            ArgumentSpec("last", .duration, bounds: Int64.min...3_153_600_000, help: "only the last days of data (counted back from the newest day), e.g. 30d"),
            CommonArguments.by(["day", "week", "month", "area"],
                               help: "day (default), or sum/average per week, month, or per area over the range"),
            CommonArguments.tz,
        ],
        examples: [
            "daily area=DK1 last=30d",
            "daily area=DK2 since=2024-09-01 until=2024-10-01 | sort price desc | limit 5",
            "daily area=DK1,DK2 by=month since=2024-01-01 until=2025-01-01",
            "daily area=DK2 since=2024-09-01 until=2024-11-01 production>20000",
        ],
        acceptsFilters: true,
        columns: ["day", "week", "month", "area", "price", "min_price", "max_price", "production",
                  "price_intervals", "production_hours"])
        spec.notes = [StoreConditions.rowFilterNote]
        return spec
    }()

    static let priceIntervals = Column("price_intervals", .int)
    static let productionHours = Column("production_hours", .int)

    private static let d = StoreColumns.d

    /// The columns of a day of the rollup before grouping, for filters.
    static let rowColumns: [StoreConditions.RowColumn] = [
        .init(StoreColumns.day, d.day), .init(StoreColumns.area, d.area),
        .init(StoreColumns.price, d.averagePrice), .init(StoreColumns.minPrice, d.minPrice),
        .init(StoreColumns.maxPrice, d.maxPrice), .init(StoreColumns.production, d.production),
        .init(priceIntervals, d.priceIntervals), .init(productionHours, d.productionHours),
    ]

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        if stage.isGiven("tz"), context.timeZone.identifier != DailyRules.zone.identifier {
            context.warnings.warn(stage: "daily", "the days are Danish days (\(DailyRules.zoneName)); tz= only changes how since/until are read")
        }
        var p = SQLParameters()
        let d = Self.d
        var conditions = StoreConditions.days("d", args, &p)
        let grain = args.grain ?? (args.by.contains("area") ? nil : .day)
        var query: StoreQuery
        let measures = [StoreColumns.price, StoreColumns.minPrice, StoreColumns.maxPrice, StoreColumns.production,
                        Self.priceIntervals, Self.productionHours]
        if grain == .day {
            let core = """
                SELECT \(d.day) AS "day", \(d.area) AS "area", \(d.averagePrice) AS "price",
                       \(d.minPrice) AS "min_price", \(d.maxPrice) AS "max_price",
                       \(d.production) AS "production",
                       \(d.priceIntervals) AS "price_intervals", \(d.productionHours) AS "production_hours"
                FROM \(d.from)\(StoreConditions.clause(conditions))
                """
            // A day's price counts its hours (23, 24 or 25) in an average over days, as by=week|month does.
            var price = StoreColumns.price
            price.weight = .danishDayHours(StoreColumns.day.name)
            query = StoreQuery(name: "daily", core: core, columns: [StoreColumns.day, StoreColumns.area, price] + measures.dropFirst(),
                               order: [.column(StoreColumns.day), .column(StoreColumns.area)], parameters: p)
            try StoreConditions.applyFilters(stage, to: &query, context: context)
            return .store(query)
        }
        var keys: [(sql: String, column: Column)] = []
        if let grain { keys.append((grain.sql(day: d.day), grain.column)) }
        keys.append((d.area, StoreColumns.area))
        let columns = keys.map(\.column) + measures
        // Filters on a day's own columns choose the days before they are grouped (as SQL's WHERE).
        let (rowConditions, applied, rest) = try StoreConditions.rowFilters(stage, rows: Self.rowColumns,
                                                                            groups: columns.map(\.name), context: context, &p)
        conditions += rowConditions
        let aggregates = [
            "sum(\(d.averagePrice) * \(d.dayHours))\n         / nullif(sum(CASE WHEN \(d.averagePrice) IS NOT NULL THEN \(d.dayHours) END), 0) AS \"price\"",
            "min(\(d.minPrice)) AS \"min_price\"", "max(\(d.maxPrice)) AS \"max_price\"",
            "sum(\(d.production)) AS \"production\"",
            "sum(\(d.priceIntervals)) AS \"price_intervals\"", "sum(\(d.productionHours)) AS \"production_hours\"",
        ]
        let core = StoreConditions.groupedSelect(keys: keys, aggregates: aggregates, from: d.from, where: conditions)
        query = StoreQuery(name: "daily", core: core, columns: columns,
                           order: keys.map { .column($0.column) }, parameters: p)
        if !rowConditions.isEmpty {
            try StoreConditions.noteRowFilters(stage, applied, rows: "days", grouping: "by=" + args.by.joined(separator: ","),
                                               into: &query) { (withFilters: Bool) throws(QueryError) in
                var p = SQLParameters()
                var conditions = StoreConditions.days("d", args, &p)
                if withFilters {
                    conditions += try StoreConditions.rowFilters(stage, rows: Self.rowColumns, groups: columns.map(\.name),
                                                                 context: context, &p).conditions
                }
                return ("SELECT 1 FROM \(d.from)" + StoreConditions.clause(conditions), p.values)
            }
        }
        try StoreConditions.applyFilters(stage, rest, to: &query, context: context, grouped: true)
        return .store(query)
    }
}
