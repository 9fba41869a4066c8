import Foundation
import Query
import Tabular

/// `extend NAME = EXPR[, NAME = EXPR …]`: adds computed columns (or
/// replaces one of the same name, in its place). Items are computed in
/// order, so a later one may use an earlier one. On store rows it becomes
/// part of the SQL statement; otherwise it runs in memory, the same way.
struct ExtendStage: TransformStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "extend", kind: .transform,
        summary: "Adds computed columns: extend NAME = EXPR, … (arithmetic, comparisons, functions; see .help functions).",
        examples: [
            "daily area=DK2 since=2024-10-01 until=2024-10-15 | extend spread = max_price - min_price, gwh = production / 1000",
            "prices area=DK1 since=2024-06-01 until=2024-06-03 | extend hour = hour(time), evening = hour(time) >= 17",
            "hourly area=DK2 since=2024-10-01 until=2024-10-08 | extend value = price * production | top 3 by=value",
        ],
        syntax: .assignments)
        spec.notes = [
            "Items are computed in order (a later one may use an earlier one); a name that is already a column replaces it in place. Names that are not plain words go in backquotes: extend `wind share` = wind / production.",
        ]
        return spec
    }()

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let list = stage.items else {
            throw QueryError(.missingArgument, "extend needs NAME = EXPRESSION", at: stage.call.nameRange)
        }
        var schema = input
        var steps: [(column: Column, expression: TypedExpression)] = []
        for item in list.items {
            let checker = ExpressionChecker(schema: schema, timeZone: context.timeZone, source: context.statement,
                                            stage: "extend")
            let typed = try checker.check(item.expression)
            let name = try ItemColumns.name(of: item, typed: typed, checker: checker, stage: "extend",
                                            source: context.statement)
            let column = ItemColumns.column(name, typed, checker: checker)
            steps.append((column, typed))
            schema = Self.adding(column, to: schema)
        }
        let output = schema
        return PreparedTransform(
            output: output,
            pushDown: { query in
                for step in steps { query.extend(step.column, as: step.expression) }
                return true
            },
            apply: { rows, _ in
                var compiled: [(Int?, ([Value]) throws -> Value)] = []
                var current = rows.schema
                let width = current.columns.count
                for step in steps {
                    compiled.append((current.index(of: step.column.name), try step.expression.compile(for: current)))
                    current = Self.adding(step.column, to: current)
                }
                return MappedRowStream(schema: current, input: rows) { input in
                    guard var row = try input.next() else { return nil }
                    while row.count < width { row.append(.null) }
                    for (position, f) in compiled {
                        let value = try f(row)
                        if let position { row[position] = value } else { row.append(value) }
                    }
                    return row
                }
            })
    }

    /// `schema` with `column` in place of one of the same name, or at the end.
    static func adding(_ column: Column, to schema: Schema) -> Schema {
        var columns = schema.columns
        if let i = schema.index(of: column.name) { columns[i] = column } else { columns.append(column) }
        return Schema(columns)
    }
}
