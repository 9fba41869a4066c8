import Query
import Tabular

/// `select COL ...`: keeps these columns, in this order.
struct SelectStage: TransformStage {
    let spec = StageSpec(
        name: "select", kind: .transform,
        summary: "Keeps the named columns, in the order given.",
        arguments: [ArgumentSpec("columns", .list(.column), required: true, position: 0,
                                 help: "column names, separated by spaces or commas")],
        examples: [
            "daily area=DK1 last=7d | select day price production",
            "prices area=DK2 last=1d | select time,price",
        ])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        let names = stage.strings("columns")
        for name in names where input.index(of: name) == nil {
            throw QueryError.unknownColumn(name, among: input.names, near: stage.range(of: "columns"), in: context.statement)
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw QueryError(.duplicateArgument, "column '\(name)' is selected twice",
                             at: QueryError.range(of: name, within: stage.range(of: "columns"), in: context.statement, last: true),
                             in: context.statement)
        }
        let indexes = names.compactMap { input.index(of: $0) }
        let output = Schema(indexes.map { input.columns[$0] })
        return PreparedTransform(
            output: output,
            pushDown: { query in
                query.project(names)
                return true
            },
            apply: { rows, _ in
                let positions = names.compactMap { rows.schema.index(of: $0) }
                return MappedRowStream(schema: output, input: rows) { input in
                    guard let row = try input.next() else { return nil }
                    return positions.map { $0 < row.count ? row[$0] : .null }
                }
            })
    }
}
