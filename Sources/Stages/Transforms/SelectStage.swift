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

extension QueryError {
    /// "unknown column" pointing at `name` inside `range` (a list's whole
    /// range), with "did you mean" over `columns`.
    static func unknownColumn(_ name: String, among columns: [String], near range: SourceRange,
                              in source: SourceText?) -> QueryError {
        let suggestion = Suggestions.closest(to: name, among: columns)
        return QueryError(.unknownColumn, "unknown column '\(name)'", at: self.range(of: name, within: range, in: source),
                          in: source, label: suggestion.map { "did you mean '\($0)'?" },
                          note: suggestion == nil ? "the columns here are " + columns.joined(separator: ", ") : nil,
                          suggestion: suggestion)
    }

    /// Where the word `name` is written inside `range` (the first or last
    /// time), or `range` itself when it cannot be found.
    static func range(of name: String, within range: SourceRange, in source: SourceText?, last: Bool = false) -> SourceRange {
        guard let source else { return range }
        let text = Array(source.text(in: range))
        let word = Array(name)
        guard !word.isEmpty, text.count >= word.count else { return range }
        func isBoundary(_ i: Int) -> Bool {
            i < 0 || i >= text.count || !(text[i].isLetter || text[i].isNumber || text[i] == "_")
        }
        let starts = Array(0...(text.count - word.count))
        for i in last ? starts.reversed() : starts
        where Array(text[i..<i + word.count]) == word && isBoundary(i - 1) && isBoundary(i + word.count) {
            return source.range(range.start.offset + i, range.start.offset + i + word.count)
        }
        return range
    }
}
