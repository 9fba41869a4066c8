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
        var text = expression.sql(&parameters)
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

/// Sorting rows in memory by keys, stable, nulls last.
enum RowSorter {
    static func sort(_ rows: [[Value]], by keys: [SortKey], schema: Schema) throws -> [[Value]] {
        var evaluators: [([Value]) throws -> Value] = []
        for key in keys { evaluators.append(try key.expression.compile(for: schema)) }
        // Compute each key once per row, then sort indices (stable by index).
        var keyed: [(values: [Value], index: Int)] = []
        keyed.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            var values: [Value] = []
            values.reserveCapacity(evaluators.count)
            for f in evaluators { values.append(try f(row)) }
            keyed.append((values, i))
        }
        let descending = keys.map(\.descending)
        keyed.sort { a, b in
            for k in descending.indices {
                let x = a.values[k], y = b.values[k]
                if x.isNull || y.isNull {
                    if x.isNull && y.isNull { continue }
                    return y.isNull
                }
                let order = Value.compare(x, y)
                if order == .orderedSame { continue }
                return descending[k] ? order == .orderedDescending : order == .orderedAscending
            }
            return a.index < b.index
        }
        return keyed.map { rows[$0.index] }
    }
}
