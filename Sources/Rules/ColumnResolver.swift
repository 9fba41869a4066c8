import Query
import Tabular

/// Extra names for the input's columns, given by the caller of `decide`:
/// each rules name maps to candidate columns, the first the input has wins,
/// e.g. `["price": ["avg_price_eur", "spot_price_eur"]]`.
public typealias ColumnAliases = [String: [String]]

/// Finds the input column a name in a rules file means: the file's `alias`
/// first, then a column of that exact name, then the caller's aliases.
struct ColumnResolver {
    enum Resolution {
        case column(Int)
        /// The file aliases the name, but the input has none of its columns.
        case aliasWithoutColumn(RuleAlias)
        case unknown
    }

    let schema: Schema
    let fileAliases: [RuleAlias]
    let callerAliases: ColumnAliases
    let source: SourceText

    func resolve(_ name: String) -> Resolution {
        if let alias = fileAliases.first(where: { $0.name.name == name }) {
            for column in alias.columns {
                if let i = schema.index(of: column.name) { return .column(i) }
            }
            return .aliasWithoutColumn(alias)
        }
        if let i = schema.index(of: name) { return .column(i) }
        for column in callerAliases[name] ?? [] {
            if let i = schema.index(of: column) { return .column(i) }
        }
        return .unknown
    }

    /// Names that are not input columns but resolve to one, with the column,
    /// file aliases first, then the caller's by name.
    var aliasNames: [(name: String, column: String)] {
        var out: [(String, String)] = []
        var seen = Set(schema.names)
        let names = fileAliases.map(\.name.name) + callerAliases.keys.sorted()
        for name in names where !seen.contains(name) {
            if case .column(let i) = resolve(name) {
                out.append((name, schema.columns[i].name))
                seen.insert(name)
            }
        }
        return out
    }

    /// The scope the expression checker resolves names in: a name is the
    /// column it resolves to (under that column's own name).
    var scope: ExpressionScope {
        let resolver = self
        return ExpressionScope(
            schema: schema,
            resolve: { name in
                if case .column(let i) = resolver.resolve(name) { return resolver.schema.columns[i] }
                return nil
            },
            unknownColumn: { name, range, _ in resolver.unknownColumn(name, at: range) })
    }

    /// Every name a rule may use: the input's columns and the working aliases.
    var visibleNames: [String] { schema.names + aliasNames.map(\.name) }

    /// "unknown column 'x'" at `range`, with "did you mean" and the columns there are.
    func unknownColumn(_ name: String, at range: SourceRange) -> QueryError {
        var label: String?
        var suggestion: String?
        if case .aliasWithoutColumn(let alias) = resolve(name) {
            let columns = alias.columns.map(\.name).joined(separator: ", ")
            label = "its alias on line \(alias.name.range.start.line) names \(columns), which the input lacks"
        } else {
            suggestion = Suggestions.closest(to: name, among: visibleNames)
            label = suggestion.map { "did you mean '\($0)'?" }
        }
        return QueryError(.unknownColumn, "unknown column '\(name)'", at: range, in: source,
                          label: label, note: columnsNote, suggestion: suggestion)
    }

    /// "the input's columns are …; by alias also price (avg_price_eur)".
    var columnsNote: String {
        guard !schema.columns.isEmpty else { return "the input has no columns" }
        var note = "the input's columns are " + schema.names.joined(separator: ", ")
        let aliases = aliasNames
        if !aliases.isEmpty {
            note += "; by alias also " + aliases.map { "\($0.name) (\($0.column))" }.joined(separator: ", ")
        }
        return note
    }
}
