import Tabular

/// What names an expression may use and what they mean: an input's columns,
/// and (in rules files) aliases for them. The checker asks the scope; the
/// scope says which column a name is, and how to report one it does not know.
public struct ExpressionScope: Sendable {
    public var schema: Schema
    /// The column `name` means, if any.
    public var resolve: @Sendable (String) -> Column?
    /// The error for a name that is no column, at `range` in `source`.
    public var unknownColumn: @Sendable (_ name: String, _ range: SourceRange, _ source: SourceText?) -> QueryError

    public init(schema: Schema,
                resolve: (@Sendable (String) -> Column?)? = nil,
                unknownColumn: (@Sendable (String, SourceRange, SourceText?) -> QueryError)? = nil) {
        self.schema = schema
        self.resolve = resolve ?? { name in schema.column(named: name) }
        self.unknownColumn = unknownColumn ?? { name, range, source in
            ExpressionScope.unknownColumnError(name, among: schema.names, at: range, in: source)
        }
    }

    /// "unknown column 'x'" with a "did you mean" over `columns`, or the columns there are.
    public static func unknownColumnError(_ name: String, among columns: [String], at range: SourceRange,
                                          in source: SourceText?) -> QueryError {
        QueryError.unknown(.unknownColumn, "unknown column '\(name)'", at: range, in: source,
                           suggestion: Suggestions.closest(to: name, among: columns),
                           note: columns.isEmpty ? "there are no columns here" : "the columns here are " + columns.joined(separator: ", "))
    }
}
