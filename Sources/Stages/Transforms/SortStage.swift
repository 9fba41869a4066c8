import Query
import Tabular

/// `sort COL [asc|desc]`: orders the rows by a column; stable, so `sort b |
/// sort a` orders by a, then b. Nulls come last either way. Text sorts by
/// code point (as in SQL with COLLATE "C"). Blocking: it reads every row first.
struct SortStage: TransformStage {
    let spec = StageSpec(
        name: "sort", kind: .transform,
        summary: "Sorts the rows by a column (asc or desc; stable, nulls last).",
        arguments: [
            ArgumentSpec("by", .column, required: true, position: 0, help: "the column to sort by"),
            ArgumentSpec("order", .choice(["asc", "desc"]), default: .word("asc"), position: 1,
                         help: "ascending or descending"),
        ],
        examples: [
            "daily area=DK1 last=30d | sort price desc",
            "production area=DK2 last=1d by=type | sort production desc | sort type",
        ])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        try stage.validateColumns(input.names, in: context.statement)
        guard let name = stage.column("by"), let column = input.column(named: name) else {
            throw QueryError(.missingArgument, "sort needs a column", at: stage.call.nameRange)
        }
        let key = SortKey.column(column, descending: stage.word("order") == "desc")
        return Self.sorting(by: [key], limit: nil, input: input)
    }

    /// Sorting (and for `top`, limiting) pushed into SQL or run in memory.
    static func sorting(by keys: [SortKey], limit: Int64?, input: Schema) -> PreparedTransform {
        PreparedTransform(
            output: input, isBlocking: true,
            pushDown: { query in
                query.sort(keys)
                if let limit { query.limit(limit) }
                return true
            },
            apply: { rows, context in
                var sorted: [[Value]]?
                var index = 0
                return MappedRowStream(schema: rows.schema, input: rows) { input in
                    if sorted == nil {
                        let all = try input.collect(cancellation: context.cancellation)
                        var result = try RowSorter.sort(all, by: keys, schema: input.schema)
                        if let limit, result.count > Int(limit) { result.removeSubrange(Int(limit)...) }
                        sorted = result
                    }
                    guard let rows = sorted, index < rows.count else { return nil }
                    defer { index += 1 }
                    return rows[index]
                }
            })
    }
}
