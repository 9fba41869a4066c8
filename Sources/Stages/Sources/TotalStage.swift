import Query
import Store
import Tabular

/// `total`: production summed per area over everything stored (or the
/// days chosen), the original dashboard's summary. From the daily rollup,
/// so it costs O(days).
///
/// Columns: `area`, `production` (MWh), `hours` (hours with production),
/// `first_day`, `last_day`.
struct TotalStage: SourceStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "total", kind: .source,
        summary: "Total production per area. Columns: area, production (MWh), hours, first_day, last_day.",
        arguments: [
            CommonArguments.area,
            ArgumentSpec("since", .dateTime, help: "from this day on (inclusive)"),
            ArgumentSpec("until", .dateTime, help: "up to this day (exclusive)"),
            ArgumentSpec("last", .duration, bounds: Int64.min...3_153_600_000, help: "only the last days of data, e.g. 30d"),
            CommonArguments.tz,
        ],
        examples: [
            "total",
            "total area=DK2 since=2024-09-01 until=2024-10-01",
            "total last=30d | select area production",
        ],
        acceptsFilters: true,
        columns: ["area", "production", "hours", "first_day", "last_day"])
        spec.notes = [StoreConditions.rowFilterNote]
        return spec
    }()

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        var p = SQLParameters()
        let d = StoreColumns.d
        let withProduction: StoreConditions.Kind = { alias, _ in ["\(DailySQL(alias).productionHours) > 0"] }
        var conditions = StoreConditions.days("d", kind: withProduction, args, &p)
        let columns = [StoreColumns.area, StoreColumns.production, StoreColumns.hours,
                       Column("first_day", .day), Column("last_day", .day)]
        // Filters on a day's own columns choose the days before they are added up (as SQL's WHERE).
        let (rowConditions, applied, rest) = try StoreConditions.rowFilters(stage, rows: DailyStage.rowColumns,
                                                                            groups: columns.map(\.name), context: context, &p)
        conditions += rowConditions
        let core = """
            SELECT \(d.area) AS "area", sum(\(d.production)) AS "production",
                   sum(\(d.productionHours)) AS "hours", min(\(d.day)) AS "first_day", max(\(d.day)) AS "last_day"
            FROM \(d.from)\(StoreConditions.clause(conditions))
            GROUP BY \(d.area)
            """
        var query = StoreQuery(name: "total", core: core, columns: columns, order: [.column(StoreColumns.area)],
                               parameters: p)
        if !rowConditions.isEmpty {
            try StoreConditions.noteRowFilters(stage, applied, rows: "days", grouping: "total", into: &query) { (withFilters: Bool) throws(QueryError) in
                var p = SQLParameters()
                var conditions = StoreConditions.days("d", kind: withProduction, args, &p)
                if withFilters {
                    conditions += try StoreConditions.rowFilters(stage, rows: DailyStage.rowColumns, groups: columns.map(\.name),
                                                                 context: context, &p).conditions
                }
                return ("SELECT 1 FROM \(d.from)" + StoreConditions.clause(conditions), p.values)
            }
        }
        try StoreConditions.applyFilters(stage, rest, to: &query, context: context, grouped: true)
        return .store(query)
    }
}
