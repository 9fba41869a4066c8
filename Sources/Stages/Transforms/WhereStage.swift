import Query
import Tabular

/// `where CONDITION`: keeps the rows where the condition is true
/// (comparisons, `and`, `or`, `not`, arithmetic, lists with `=`/`!=`). On
/// store rows it becomes part of the SQL statement; otherwise it runs in
/// memory with the same meaning.
struct WhereStage: TransformStage {
    let spec: StageSpec = {
        var spec = StageSpec(
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
        spec.notes = [
            "Row functions work here (hour, weekday, month, bin, round, abs, coalesce, if; '.help functions'); aggregates such as avg() do not: use summarize, then where on its result.",
            "A where that keeps none of the rows it gets says so in a note on stderr.",
        ]
        return spec
    }()

    /// A condition as written, on one line and not too long, for notes.
    static func shortened(_ text: String) -> String {
        let line = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let expression = stage.expression else {
            throw QueryError(.missingArgument, "where needs a condition, like price > 100", at: stage.call.nameRange)
        }
        let checker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: context.statement, stage: "where")
        let condition = try checker.condition(expression)
        let written = "where " + (context.statement.map { Self.shortened($0.text(in: expression.range)) } ?? "…")
        return PreparedTransform(
            output: input,
            pushDown: { query in
                query.filter(condition, stage: "where", text: written)
                return true
            },
            apply: { rows, context in
                let test = try condition.compile(for: rows.schema)
                var got = 0, kept = 0
                return MappedRowStream(schema: rows.schema, input: rows) { input in
                    while let row = try input.next() {
                        got += 1
                        if case .bool(true) = try test(row) {
                            kept += 1
                            return row
                        }
                    }
                    if got > 0 && kept == 0 {
                        context.warnings.note(stage: nil, "\(written) kept none of the \(got) rows it got")
                    }
                    return nil
                }
            })
    }
}
