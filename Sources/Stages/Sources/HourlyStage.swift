import Query
import Store
import Tabular

/// `hourly`: price and production side by side per hour and area.
///
/// The two streams never meet as raw rows: prices are first averaged to the
/// hour (time-weighted, so four 15-minute prices make their hour's mean)
/// and production summed to the hour (the dataset the daily rollup counts,
/// see `production`), then the two are joined on (hour, area). An hour with
/// only one of them keeps it and shows null for the other. `by=day|week|month`
/// aggregates both to that bucket instead.
///
/// Columns: `time` (the hour; or `day`/`week`/`month`), `area`, `price`
/// (EUR/MWh), `production` (MWh).
struct HourlyStage: SourceStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "hourly", kind: .source,
        summary: "Price and production per hour and area, each aggregated before they meet. Columns: time, area, price (EUR/MWh), production (MWh).",
        arguments: [
            CommonArguments.area, CommonArguments.since, CommonArguments.until, CommonArguments.last,
            CommonArguments.by(["hour", "day", "week", "month"],
                               help: "the bucket both streams are aggregated to before they are joined (default hour)"),
            CommonArguments.tz,
        ],
        examples: [
            "hourly area=DK2 last=1d",
            "hourly area=DK2 since=2024-09-01 until=2024-09-08 | where price < 0 or production > 1500",
            "hourly area=DK2 since=2024-10-01 until=2024-11-01 by=day | top 3 by=production",
        ],
        acceptsFilters: true,
        columns: ["time", "day", "week", "month", "area", "price", "production"])
        spec.notes = [StoreConditions.rowFilterNote]
        return spec
    }()

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        let grain = args.grain ?? .hour
        var p = SQLParameters()
        let zone = p.bind(.text(args.timeZone.sqlName))
        guard grain != .hour, !stage.filters.isEmpty else {
            let core = Self.core(bucket: grain, zone: zone, seconds: false, args, &p)
            var query = StoreQuery(name: "hourly", core: core,
                                   columns: [grain.column, StoreColumns.area, StoreColumns.price, StoreColumns.production],
                                   order: [.column(grain.column), .column(StoreColumns.area)], parameters: p)
            try StoreConditions.applyFilters(stage, to: &query, context: context)
            return .store(query)
        }
        // Filters on the hours choose hours before they are grouped into days, weeks or months (as SQL's WHERE):
        // the hours first, then the buckets, prices weighted by the seconds they cover.
        let hours = Self.core(bucket: .hour, zone: zone, seconds: true, args, &p)
        let columns = [grain.column, StoreColumns.area, StoreColumns.price, StoreColumns.production]
        let (conditions, applied, rest) = try StoreConditions.rowFilters(stage, rows: Self.rowColumns,
                                                                         groups: columns.map(\.name), context: context, &p)
        let core = """
            SELECT \(grain.sql(Self.hourColumn, zone: zone)) AS \(SQL.identifier(grain.column.name)), h."area" AS "area",
                   sum(h."price" * h."seconds") / nullif(sum(CASE WHEN h."price" IS NOT NULL THEN h."seconds" END), 0) AS "price",
                   sum(h."production") AS "production"
            FROM (
            \(SQL.indent(hours, by: 2))
            ) AS h\(StoreConditions.clause(conditions))
            GROUP BY 1, 2
            """
        var query = StoreQuery(name: "hourly", core: core, columns: columns,
                               order: [.column(grain.column), .column(StoreColumns.area)], parameters: p)
        if !conditions.isEmpty {
            try StoreConditions.noteRowFilters(stage, applied, rows: "hours", grouping: "by=\(grain.rawValue)",
                                               into: &query) { (withFilters: Bool) throws(QueryError) in
                var p = SQLParameters()
                let zone = p.bind(.text(args.timeZone.sqlName))
                let hours = Self.core(bucket: .hour, zone: zone, seconds: true, args, &p)
                var conditions: [String] = []
                if withFilters {
                    conditions = try StoreConditions.rowFilters(stage, rows: Self.rowColumns, groups: columns.map(\.name),
                                                                context: context, &p).conditions
                }
                return ("SELECT 1 FROM (\n\(hours)\n) AS h" + StoreConditions.clause(conditions), p.values)
            }
        }
        try StoreConditions.applyFilters(stage, rest, to: &query, context: context, grouped: true)
        return .store(query)
    }

    static let hourColumn = "h.\"time\""

    /// An hour of `hourly` before grouping, for filters.
    static let rowColumns: [StoreConditions.RowColumn] = [
        .init(StoreColumns.time, "h.\"time\""), .init(StoreColumns.area, "h.\"area\""),
        .init(StoreColumns.price, "h.\"price\""), .init(StoreColumns.production, "h.\"production\""),
    ]

    /// Price and production per `bucket` and area, each aggregated before
    /// they meet; with `seconds`, also the seconds of price data in each bucket.
    static func core(bucket grain: TimeGrain, zone: String, seconds: Bool, _ args: SourceArguments,
                     _ p: inout SQLParameters) -> String {
        let r = StoreColumns.r
        let bucket = grain.sql(r.time, zone: zone)
        // One window for both streams: `last=` counts back from the newest price or production.
        let either: StoreConditions.Kind = { alias, _ in
            let n = RecordsSQL(alias)
            return ["(\(n.isPrice.joined(separator: " AND ")) OR (\(n.isCountedProduction.joined(separator: " AND "))))"]
        }
        let prices = StoreConditions.records("r", kind: StoreColumns.priceKind, newest: either, args, &p)
        let production = StoreConditions.records("r", kind: StoreColumns.productionKind, newest: either, args, &p)
        let column = grain.column
        let priceSeconds = seconds ? ",\n         sum(\(r.intervalSeconds)) AS seconds" : ""
        let outerSeconds = seconds ? ", p.seconds AS \"seconds\"" : ""
        return """
            WITH price AS (
              SELECT \(bucket) AS bucket, \(r.area) AS area,
                     \(r.averagePrice) AS price\(priceSeconds)
              FROM \(r.from)\(SQL.indent(StoreConditions.clause(prices), by: 2))
              GROUP BY 1, 2
            ), production AS (
              SELECT \(bucket) AS bucket, \(r.area) AS area, sum(\(r.production)) AS production
              FROM \(r.from)
            \(SQL.indent(r.joinChosenDataset(StoreColumns.d), by: 2))\(SQL.indent(StoreConditions.clause(production), by: 2))
              GROUP BY 1, 2
            )
            SELECT coalesce(p.bucket, q.bucket) AS \(SQL.identifier(column.name)), coalesce(p.area, q.area) AS "area",
                   p.price AS "price", q.production AS "production"\(outerSeconds)
            FROM price AS p
            FULL JOIN production AS q ON q.bucket = p.bucket AND q.area = p.area
            """
    }
}
