import Query
import Store
import Tabular

/// `production`: MWh per hour, area and production type.
///
/// Only rows that count in totals (DeclarationProduction's 125%/200%
/// repeats of thermal types are left out). Several production datasets may
/// describe the same hours; by default (`dataset=auto`) each Danish day and
/// area uses the one dataset the daily rollup counts for it, so sums never
/// count the same energy twice and agree with `daily`. `dataset=` picks one.
///
/// Columns: `time`, `area`, `type`, `production` (MWh), `dataset`. With
/// `by=`: the bucket (`time` for hours, `day`, `week`, `month`), `area`,
/// `type` when grouped by type, then `production` (the sum).
struct ProductionStage: SourceStage {
    static let datasets = ["auto": "", "declaration": "DeclarationProduction",
                           "balance": "ElectricityBalanceNonv", "settlement": "ProductionConsumptionSettlement"]

    let spec: StageSpec = {
        var spec = StageSpec(
        name: "production", kind: .source,
        summary: "Production per hour, area and type. Columns: time, area, type, production (MWh), dataset.",
        arguments: [
            CommonArguments.area, CommonArguments.since, CommonArguments.until, CommonArguments.last,
            CommonArguments.by(["hour", "day", "week", "month", "type", "area"],
                               help: "sum per hour, day, week or month, per type, or both (always per area)"),
            ArgumentSpec("type", .list(.word), help: "only these production types, e.g. OnshoreWindPower,OffshoreWindPower"),
            ArgumentSpec("dataset", .choice(["auto", "declaration", "balance", "settlement"]), default: .word("auto"),
                         help: "which production dataset: auto uses the one the daily rollup counts for each day"),
            CommonArguments.tz,
        ],
        examples: [
            "production area=DK2 last=1d",
            "production area=DK2 last=7d by=type | sort production desc",
            "production area=DK2 since=2024-09-01 until=2024-10-01 by=day",
            "production area=DK1 dataset=declaration type=WindOnshore,WindOffshore",
        ],
        acceptsFilters: true,
        columns: ["time", "area", "type", "production", "dataset", "day", "week", "month"])
        spec.notes = [StoreConditions.rowFilterNote]
        return spec
    }()

    private static let r = StoreColumns.r

    /// The columns of a production record before grouping, for filters.
    static let rowColumns: [StoreConditions.RowColumn] = [
        .init(StoreColumns.time, r.time), .init(StoreColumns.area, r.area),
        .init(StoreColumns.type, r.productionType), .init(StoreColumns.production, r.production),
        .init(StoreColumns.dataset, r.dataset),
    ]

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let args = try SourceArguments(stage, context: context)
        let dataset = Self.datasets[stage.word("dataset") ?? "auto"] ?? ""
        let types = stage.strings("type")
        var p = SQLParameters()
        let r = Self.r
        var keys: [(sql: String, column: Column)] = []
        if args.isGrouped {
            if let grain = args.grain {
                keys.append((grain.sql(r.time, zone: p.bind(.text(args.timeZone.sqlName))), grain.column))
            }
            keys.append((r.area, StoreColumns.area))
            if args.by.contains("type") { keys.append((r.productionType, StoreColumns.type)) }
        }
        let kind: StoreConditions.Kind = { alias, p in
            var conditions = StoreColumns.productionKind(alias, &p)
            if !dataset.isEmpty { conditions.append("\(RecordsSQL(alias).dataset) = \(p.bind(.text(dataset)))") }
            return conditions
        }
        var conditions = StoreConditions.records("r", kind: kind, args, &p)
        if let typeCondition = StoreConditions.area(r.productionType, types, &p) { conditions.append(typeCondition) }
        let join = dataset.isEmpty ? "\n" + r.joinChosenDataset(StoreColumns.d) : ""
        var query: StoreQuery
        if keys.isEmpty {
            let core = """
                SELECT \(r.time) AS "time", \(r.area) AS "area", \(r.productionType) AS "type",
                       \(r.production) AS "production", \(r.dataset) AS "dataset"
                FROM \(r.from)\(join)\(StoreConditions.clause(conditions))
                """
            let columns = [StoreColumns.time, StoreColumns.area, StoreColumns.type, StoreColumns.production,
                           StoreColumns.dataset]
            query = StoreQuery(name: "production", core: core, columns: columns,
                               order: [StoreColumns.time, StoreColumns.area, StoreColumns.type, StoreColumns.dataset]
                                   .map { .column($0) },
                               parameters: p)
            try StoreConditions.applyFilters(stage, to: &query, context: context)
            return .store(query)
        }
        let columns = keys.map(\.column) + [StoreColumns.production]
        // Filters on a record's own columns choose the records before they are summed (as SQL's WHERE).
        let (rowConditions, applied, rest) = try StoreConditions.rowFilters(stage, rows: Self.rowColumns,
                                                                            groups: columns.map(\.name), context: context, &p)
        conditions += rowConditions
        let core = StoreConditions.groupedSelect(keys: keys, aggregates: ["sum(\(r.production)) AS \"production\""],
                                                 from: r.from + join, where: conditions)
        query = StoreQuery(name: "production", core: core, columns: columns,
                           order: keys.map { .column($0.column) }, parameters: p)
        if !rowConditions.isEmpty {
            try StoreConditions.noteRowFilters(stage, applied, rows: "production records",
                                               grouping: "by=" + args.by.joined(separator: ","),
                                               into: &query) { (withFilters: Bool) throws(QueryError) in
                var p = SQLParameters()
                var conditions = StoreConditions.records("r", kind: kind, args, &p)
                if let typeCondition = StoreConditions.area(r.productionType, types, &p) { conditions.append(typeCondition) }
                if withFilters {
                    conditions += try StoreConditions.rowFilters(stage, rows: Self.rowColumns, groups: columns.map(\.name),
                                                                 context: context, &p).conditions
                }
                return ("SELECT 1 FROM \(r.from)" + join + StoreConditions.clause(conditions), p.values)
            }
        }
        try StoreConditions.applyFilters(stage, rest, to: &query, context: context, grouped: true)
        return .store(query)
    }
}
