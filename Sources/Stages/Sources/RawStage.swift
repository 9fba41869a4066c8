import Query
import Store
import Tabular

/// `raw DATASET`: the latest raw records as stored, newest first (the
/// original dashboard's raw tables). Payload fields become columns named as
/// in the API (`SpotPriceEUR`, `ProductionType`, …; a field a record lacks
/// is null), or with `payload=json` the payload is one text column. Wide
/// production records (balance, settlement), stored as one row per
/// production column, show once per hour and area.
///
/// Columns: `time`, `area`, the fields (or `payload`), `stored_at`.
struct RawStage: SourceStage {
    let spec = StageSpec(
        name: "raw", kind: .source,
        summary: "Latest raw records of a dataset, newest first. Columns: time, area, the payload's fields (or payload), stored_at.",
        arguments: [
            ArgumentSpec("dataset", .choice(RawDataset.all.map(\.word)), required: true, position: 0,
                         help: "which dataset"),
            CommonArguments.area, CommonArguments.since, CommonArguments.until, CommonArguments.last,
            ArgumentSpec("limit", .integer, default: .integer(50), bounds: Int64.min...1_000_000_000, help: "how many records; 0 for all"),
            ArgumentSpec("payload", .choice(["columns", "json"]), default: .word("columns"),
                         help: "the payload's fields as columns, or the whole payload as JSON text"),
            CommonArguments.tz,
        ],
        examples: [
            "raw elspot area=DK1 limit=5",
            "raw declaration limit=10 | select time ProductionType FuelAllocationMethod Production_MWh",
            "raw balance area=DK2 limit=3 payload=json",
            "raw dayahead last=1h",
        ],
        acceptsFilters: true,
        columns: ["time", "area", "payload", "stored_at"] + RawDataset.all.flatMap { $0.fields.map(\.name) })

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        guard let word = stage.word("dataset"), let dataset = RawDataset.named(word) else {
            throw QueryError(.missingArgument, "raw needs a dataset: " + RawDataset.all.map(\.word).joined(separator: ", "),
                             at: stage.call.nameRange)
        }
        let args = try SourceArguments(stage, context: context)
        let limit = stage.integer("limit") ?? 50
        guard limit >= 0 else {
            throw QueryError(.wrongType, "'limit' needs a number of records, 0 for all", at: stage.range(of: "limit"))
        }
        var p = SQLParameters()
        let r = StoreColumns.r
        let kind: StoreConditions.Kind = { alias, p in ["\(RecordsSQL(alias).dataset) = \(p.bind(.text(dataset.apiName)))"] }
        let conditions = StoreConditions.records("r", kind: kind, args, &p)
        let asJSON = stage.word("payload") == "json"
        var columns = [StoreColumns.time, StoreColumns.area]
        var select = ["\(r.time) AS \"time\"", "\(r.area) AS \"area\""]
        if asJSON {
            columns.append(Column("payload", .text))
            select.append("\(r.payload)::text AS \"payload\"")
        } else {
            for field in dataset.fields {
                columns.append(field)
                select.append(Self.fieldSQL(field) + " AS " + SQL.identifier(field.name))
            }
        }
        columns.append(Column("stored_at", .time))
        select.append("\(r.storedAt) AS \"stored_at\"")
        let distinct = dataset.isWide ? "DISTINCT ON (\(r.time), \(r.area)) " : ""
        let core = """
            SELECT \(distinct)\(select.joined(separator: ",\n       "))
            FROM \(r.from)\(StoreConditions.clause(conditions))
            """
        var order = [SortKey.column(StoreColumns.time, descending: true), .column(StoreColumns.area)]
        if asJSON, !dataset.keyFields.isEmpty {
            order.append(.column(Column("payload", .text)))
        } else {
            order += dataset.keyFields.compactMap { name in dataset.fields.first { $0.name == name } }.map { .column($0) }
        }
        var query = StoreQuery(name: "raw", core: core, columns: columns, order: order, parameters: p)
        // Filters written on the source pick among all records; the limit takes the newest of those.
        try StoreConditions.applyFilters(stage, to: &query, context: context)
        if limit > 0 { query.limit(limit) }
        return .store(query)
    }

    /// A payload field as its column type; anything else there (text where a
    /// number belongs) is null rather than an error.
    static func fieldSQL(_ field: Column) -> String {
        field.type == .double ? StoreColumns.r.payloadNumber([field.name]) : StoreColumns.r.payloadText(field.name)
    }
}
