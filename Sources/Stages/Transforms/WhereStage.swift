import Query
import Tabular

/// `where CONDITION`: keeps the rows where the condition is true
/// (comparisons, `and`, `or`, `not`, arithmetic, lists with `=`/`!=`). On
/// store rows it becomes part of the SQL statement; otherwise it runs in
/// memory with the same meaning.
struct WhereStage: TransformStage {
    let spec = StageSpec(
        name: "where", kind: .transform,
        summary: "Keeps the rows where a condition holds (comparisons, and/or/not, arithmetic).",
        arguments: [ArgumentSpec("condition", .expression, required: true, position: 0,
                                 help: "e.g. price > 100 and area = DK1, or area = DK1,DK2")],
        examples: [
            "daily area=DK2 since=2024-10-01 until=2024-11-01 | where price > 50 and production > 15000",
            "prices area=DK1 since=2024-06-01 until=2024-07-01 | where price < 0 or price > 200",
            "hourly area=DK2 last=2d | where not (area = DK1) and price * 7.46 > 500",
        ],
        takesExpression: true)

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let expression = stage.expression else {
            throw QueryError(.missingArgument, "where needs a condition, like price > 100", at: stage.call.nameRange)
        }
        let checker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: context.statement, stage: "where")
        let condition = try checker.condition(expression)
        return PreparedTransform(
            output: input,
            pushDown: { query in
                query.filter(condition)
                return true
            },
            apply: { rows, _ in
                let test = try condition.compile(for: rows.schema)
                return MappedRowStream(schema: rows.schema, input: rows) { input in
                    while let row = try input.next() {
                        if case .bool(true) = try test(row) { return row }
                    }
                    return nil
                }
            })
    }
}
