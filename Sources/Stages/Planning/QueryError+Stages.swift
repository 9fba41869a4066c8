import Basics
import Query

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

    static func unknownTimeZone(_ name: String, at range: SourceRange, in source: SourceText?, suggestion: String?) -> QueryError {
        QueryError(.wrongType, "unknown time zone '\(name)'", at: range, in: source,
                   label: suggestion.map { "did you mean '\($0)'?" },
                   note: suggestion == nil ? "use a name like \(MarketTimeZone.identifier) or UTC" : nil, suggestion: suggestion)
    }
}
