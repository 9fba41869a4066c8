import Query
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
    let spec = StageSpec(
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

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        let grain = args.grain ?? .hour
        var p = SQLParameters()
        let bucket = grain.sql("r.\"timestamp\"", zone: p.bind(.text(args.timeZone.sqlName)))
        // One window for both streams: `last=` counts back from the newest price or production.
        let either: StoreConditions.Kind = { alias, _ in
            ["(\(alias).spot_price_eur IS NOT NULL OR (\(alias).production_mwh IS NOT NULL AND \(alias).counts_in_totals))"]
        }
        let prices = StoreConditions.records("r", kind: StoreColumns.priceKind, newest: either, args, &p)
        let production = StoreConditions.records("r", kind: StoreColumns.productionKind, newest: either, args, &p)
        let column = grain.column
        let core = """
            WITH price AS (
              SELECT \(bucket) AS bucket, r.price_area AS area,
                     \(StoreColumns.averagePriceSQL) AS price
              FROM energi_records AS r\(SQL.indent(StoreConditions.clause(prices), by: 2))
              GROUP BY 1, 2
            ), production AS (
              SELECT \(bucket) AS bucket, r.price_area AS area, sum(r.production_mwh) AS production
              FROM energi_records AS r
            \(SQL.indent(StoreColumns.chosenDatasetJoin, by: 2))\(SQL.indent(StoreConditions.clause(production), by: 2))
              GROUP BY 1, 2
            )
            SELECT coalesce(p.bucket, q.bucket) AS \(SQL.identifier(column.name)), coalesce(p.area, q.area) AS "area",
                   p.price AS "price", q.production AS "production"
            FROM price AS p
            FULL JOIN production AS q ON q.bucket = p.bucket AND q.area = p.area
            """
        var query = StoreQuery(name: "hourly", core: core,
                               columns: [column, StoreColumns.area, StoreColumns.price, StoreColumns.production],
                               order: [.column(column), .column(StoreColumns.area)], parameters: p)
        try StoreConditions.applyFilters(stage, to: &query, context: context)
        return .store(query)
    }
}
