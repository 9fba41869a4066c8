import Tabular

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
