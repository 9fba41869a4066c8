import Query
import Tabular

/// One key of an order: an expression (usually a column) and a direction.
/// Nulls come last in both directions, in SQL (`NULLS LAST`) and in memory.
public struct SortKey: Sendable, Hashable {
    public var expression: TypedExpression
    public var descending: Bool

    public init(_ expression: TypedExpression, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }

    public static func column(_ column: Column, descending: Bool = false) -> SortKey {
        SortKey(.column(column.name, column.type), descending: descending)
    }

    /// `"price" DESC NULLS LAST`, `"area" COLLATE "C"`.
    func sql(_ parameters: inout SQLParameters) -> String {
        var text = SQL.text(expression, &parameters)
        if expression.type == .text { text += " COLLATE \"C\"" }
        return text + (descending ? " DESC NULLS LAST" : "")
    }

    /// `keys` first, then `previous` without keys on the same expression: a
    /// stable sort by `keys` over rows ordered by `previous`.
    static func refine(_ previous: [SortKey], by keys: [SortKey]) -> [SortKey] {
        var result = keys
        for key in previous where !result.contains(where: { $0.expression == key.expression }) {
            result.append(key)
        }
        return result
    }
}
