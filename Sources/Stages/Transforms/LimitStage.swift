import Query
import Tabular

/// `limit N`: the first N rows; then it stops reading (a live tail ends).
struct LimitStage: TransformStage {
    let spec = StageSpec(
        name: "limit", kind: .transform,
        summary: "Keeps the first N rows and stops reading.",
        arguments: [ArgumentSpec("n", .integer, required: true, position: 0, bounds: Int64.min...1_000_000_000_000,
                                 help: "how many rows")],
        examples: [
            "prices area=DK1 last=1d | limit 5",
            "daily last=30d | sort production desc | limit 3",
        ])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let n = stage.integer("n"), n >= 0 else {
            throw QueryError(.wrongType, "limit needs a number of rows, 0 or more", at: stage.range(of: "n"))
        }
        return Self.limiting(n, input: input)
    }

    static func limiting(_ n: Int64, input: Schema) -> PreparedTransform {
        PreparedTransform(
            output: input,
            pushDown: { query in
                query.limit(n)
                return true
            },
            apply: { rows, _ in
                var taken: Int64 = 0
                return MappedRowStream(schema: rows.schema, input: rows) { input in
                    guard taken < n, let row = try input.next() else {
                        input.close()
                        return nil
                    }
                    taken += 1
                    return row
                }
            })
    }
}
