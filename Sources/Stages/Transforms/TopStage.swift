import Query
import Tabular

/// `top N by=EXPR`: the N rows with the largest values (a column or an
/// expression such as `(max_price - min_price)`), largest first, nulls never
/// among them before non-null values. The same as `sort … desc | limit N`.
struct TopStage: TransformStage {
    let spec = StageSpec(
        name: "top", kind: .transform,
        summary: "The N rows with the largest values of a column or expression, largest first.",
        arguments: [
            ArgumentSpec("n", .integer, required: true, position: 0, bounds: Int64.min...1_000_000_000_000,
                         help: "how many rows"),
            ArgumentSpec("by", .expression, required: true, help: "a column, or an expression in parentheses"),
        ],
        examples: [
            "daily area=DK1 last=30d | top 5 by=price",
            "daily area=DK2 last=30d | top 3 by=(max_price - min_price)",
        ])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let n = stage.integer("n"), n >= 0 else {
            throw QueryError(.wrongType, "top needs a number of rows, 0 or more", at: stage.range(of: "n"))
        }
        guard let expression = stage["by"]?.expression else {
            throw QueryError(.missingArgument, "top needs by=COLUMN", at: stage.call.nameRange)
        }
        let checker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: context.statement, stage: "top")
        let key = try checker.key(expression)
        guard key.type != .bool else {
            throw QueryError(.wrongType, "top ranks by a value, not a condition", at: expression.range, in: context.statement)
        }
        return SortStage.sorting(by: [SortKey(key, descending: true)], limit: n, input: input)
    }
}
