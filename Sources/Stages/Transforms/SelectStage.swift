import Query
import Tabular

/// `select ITEM[, ITEM …]`: keeps these columns, in this order, where an
/// item is a column or `EXPR as NAME` (all computed from the same input row).
/// Columns may be separated by commas or spaces (`select day price`).
struct SelectStage: TransformStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "select", kind: .transform,
        summary: "Keeps columns in the order given; EXPR as NAME computes one (select day, price * 7.46 as price_dkk).",
        examples: [
            "daily area=DK1 last=7d | select day price production",
            "prices area=DK2 last=1d | select time,price",
            "daily area=DK2 since=2024-10-01 until=2024-10-08 | select day, round(price, 1) as price, production / 24 as mw",
        ],
        syntax: .items)
        spec.notes = [
            "Every item is computed from the same input row. A quoted name alone means that column (select \"price\"). A computed column without as is named as written (select production/1000 gives a column production/1000).",
        ]
        return spec
    }()

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let list = stage.items else {
            throw QueryError(.missingArgument, "select needs columns", at: stage.call.nameRange)
        }
        let checker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: context.statement, stage: "select")
        var items: [(column: Column, expression: TypedExpression)] = []
        var names: [(String, SourceRange)] = []
        for item in list.items {
            // A quoted name alone is a column (select "price"); with `as` it may be a text constant.
            let typed = item.name == nil ? try checker.key(item.expression) : try checker.check(item.expression)
            let name = try ItemColumns.name(of: item, typed: typed, checker: checker, stage: "select",
                                            source: context.statement)
            var column = ItemColumns.column(name, typed, checker: checker)
            if let source = typed.columnName, source == name, let original = input.column(named: source) { column = original }
            items.append((column, typed))
            names.append((name, item.nameRange ?? item.range))
        }
        do {
            try ItemColumns.checkDistinct(names, source: context.statement)
        } catch {
            var error = error
            if error.message.hasPrefix("two columns are named") {
                error.message = "column '\(error.message.dropFirst("two columns are named '".count).dropLast())' is selected twice"
            }
            throw error
        }
        let output = Schema(items.map(\.column))
        return PreparedTransform(
            output: output,
            pushDown: { query in
                query.select(items)
                return true
            },
            apply: { rows, _ in
                var compiled: [([Value]) throws -> Value] = []
                for item in items { compiled.append(try item.expression.compile(for: rows.schema)) }
                return MappedRowStream(schema: output, input: rows) { input in
                    guard let row = try input.next() else { return nil }
                    var out: [Value] = []
                    out.reserveCapacity(compiled.count)
                    for f in compiled { out.append(try f(row)) }
                    return out
                }
            })
    }
}
