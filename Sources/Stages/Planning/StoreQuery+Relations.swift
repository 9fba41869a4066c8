import Postgres
import Query
import Tabular

/// Stages that make new columns: each closes the layers so far into a
/// subquery (all columns, hidden ones too) and selects from it.
extension StoreQuery {
    /// Closes the layers: the base becomes the relation so far, with every column.
    mutating func close() -> String {
        var p = parameters
        let text = layered(&p, selectVisible: false, orderLast: false)
        parameters = p
        layers = [Layer()]
        closings += 1
        return text
    }

    /// The alias the closed relation gets.
    var closedAlias: String { Self.alias(name, closings, 0) + "_in" }

    /// A name no column has yet, for a column kept only for the order.
    func hiddenName(for name: String) -> String {
        var n = 1
        while columns.contains(where: { $0.name == "\(name)#\(n)" }) { n += 1 }
        return "\(name)#\(n)"
    }

    /// Adds (or replaces) column `column` computed by `expression` over the
    /// visible columns. A replaced column the order still needs is kept
    /// hidden under another name.
    public mutating func extend(_ column: Column, as expression: TypedExpression) {
        let replaced = columns.contains { $0.name == column.name }
        let keepOld = replaced && order.contains { $0.expression.columns.contains(column.name) }
        let hidden = keepOld ? hiddenName(for: column.name) : nil
        let inner = close()
        let alias = closedAlias
        var p = parameters
        let value = SQL.text(expression, &p)
        parameters = p
        var select: [String] = []
        var newColumns: [Column] = []
        for c in columns {
            if c.name == column.name {
                if let hidden {
                    select.append("\(SQL.identifier(c.name)) AS \(SQL.identifier(hidden))")
                    var kept = c
                    kept.name = hidden
                    newColumns.append(kept)
                }
                continue
            }
            select.append(SQL.identifier(c.name))
            newColumns.append(c)
        }
        select.append("\(value) AS \(SQL.identifier(column.name))")
        newColumns.append(column)
        if let hidden {
            order = order.map { key in
                SortKey(key.expression.renamingColumns { $0 == column.name ? hidden : $0 }, descending: key.descending)
            }
        }
        base = "SELECT " + select.joined(separator: ", ") + "\nFROM (\n" + SQL.indent(inner, by: 2) + "\n) AS \(alias)"
        columns = newColumns
        if !replaced { visible.append(column.name) }
    }

    /// Keeps `items`: each a column computed from the visible columns (all
    /// at once, from the same row). Plain columns are only chosen; computed
    /// ones close the layers. Columns the order still needs stay hidden.
    public mutating func select(_ items: [(column: Column, expression: TypedExpression)]) {
        if items.allSatisfy({ $0.expression.columnName == $0.column.name }) {
            project(items.map(\.column.name))
            return
        }
        let names = Set(items.map(\.column.name))
        var hidden: [(old: String, new: String)] = []
        for key in order {
            for name in key.expression.columns where !hidden.contains(where: { $0.old == name }) {
                if items.contains(where: { $0.column.name == name && $0.expression.columnName == name }) { continue }
                var new = name
                if names.contains(name) {
                    var n = 1
                    while names.contains("\(name)#\(n)") || columns.contains(where: { $0.name == "\(name)#\(n)" }) { n += 1 }
                    new = "\(name)#\(n)"
                }
                hidden.append((name, new))
            }
        }
        let inner = close()
        let alias = closedAlias
        var p = parameters
        var select = items.map { SQL.text($0.expression, &p) + " AS " + SQL.identifier($0.column.name) }
        parameters = p
        var newColumns = items.map(\.column)
        for (old, new) in hidden {
            select.append(SQL.identifier(old) + (old == new ? "" : " AS " + SQL.identifier(new)))
            if var c = columns.first(where: { $0.name == old }) {
                c.name = new
                newColumns.append(c)
            }
        }
        base = "SELECT " + select.joined(separator: ", ") + "\nFROM (\n" + SQL.indent(inner, by: 2) + "\n) AS \(alias)"
        let renames = Dictionary(hidden.map { ($0.old, $0.new) }, uniquingKeysWith: { a, _ in a })
        order = order.map { SortKey($0.expression.renamingColumns { renames[$0] ?? $0 }, descending: $0.descending) }
        columns = newColumns
        visible = items.map(\.column.name)
    }

    /// Groups the rows by `keys` (one row per distinct combination, or one
    /// row in all without keys) and computes `values` over each group's
    /// `aggregates`. The rows come ordered by the keys.
    public mutating func group(keys: [(Column, TypedExpression)], values: [(Column, TypedExpression)],
                               aggregates: [AggregateCall]) {
        let inner = close()
        let alias = closedAlias
        let writer = SQLWriter(column: SQL.identifier, aggregates: aggregates)
        var p = parameters
        var select: [String] = []
        for (column, expression) in keys + values {
            select.append(SQL.text(expression, &p, writer: writer) + " AS " + SQL.identifier(column.name))
        }
        parameters = p
        var text = "SELECT " + select.joined(separator: ",\n       ") + "\nFROM (\n" + SQL.indent(inner, by: 2) + "\n) AS \(alias)"
        if !keys.isEmpty { text += "\nGROUP BY " + keys.indices.map { String($0 + 1) }.joined(separator: ", ") }
        base = text
        columns = keys.map(\.0) + values.map(\.0)
        visible = columns.map(\.name)
        order = keys.map { SortKey.column($0.0) }
    }

    /// One row per distinct combination of `rowKeys`, with a column per
    /// value of `key` holding that row's `value` (`names[i]` for
    /// `keyValues[i]`). Two rows for one cell make the statement fail with
    /// `PivotCheck.marker` in its error.
    public mutating func pivot(rowKeys: [Column], key: Column, value: Column, keyValues: [Value], names: [String]) {
        let inner = close()
        let alias = closedAlias
        var p = parameters
        var select = rowKeys.map { SQL.identifier($0.name) }
        let k = SQL.identifier(key.name), v = SQL.identifier(value.name)
        for (keyValue, name) in zip(keyValues, names) {
            let match = "\(k) = \(p.bind(keyValue, as: key.type))"
            let cell: String
            switch value.type {
            case .bool: cell = "bool_or(\(v)) FILTER (WHERE \(match))"
            case .text: cell = "max(\(v) COLLATE \"C\") FILTER (WHERE \(match))"
            default: cell = "max(\(v)) FILTER (WHERE \(match))"
            }
            // A cell with two rows fails the statement rather than show one of them.
            let check = "(CASE WHEN ('\(PivotCheck.marker) ' || count(*) FILTER (WHERE \(match)))::integer IS NULL THEN NULL END)::\(SQL.typeName(value.type))"
            select.append("CASE WHEN count(*) FILTER (WHERE \(match)) > 1 THEN \(check) ELSE \(cell) END AS \(SQL.identifier(name))")
        }
        parameters = p
        var text = "SELECT " + select.joined(separator: ",\n       ") + "\nFROM (\n" + SQL.indent(inner, by: 2) + "\n) AS \(alias)"
        if !rowKeys.isEmpty { text += "\nGROUP BY " + rowKeys.indices.map { String($0 + 1) }.joined(separator: ", ") }
        base = text
        var valueColumn = value
        valueColumn.weight = nil
        columns = rowKeys + names.map { name in
            var c = valueColumn
            c.name = name
            return c
        }
        visible = columns.map(\.name)
        order = rowKeys.map { SortKey.column($0) }
    }

    /// The statement's distinct values of `key` (nulls included), at most
    /// `limit`: what `pivot` needs to know its columns.
    public func distinctValues(of key: Column, limit: Int) -> (sql: String, parameters: [PostgresValue]) {
        var p = parameters
        let inner = layered(&p, selectVisible: false, orderLast: false)
        let k = SQL.identifier(key.name)
        let collate = key.type == .text ? " COLLATE \"C\"" : ""
        let sql = "SELECT \(k) FROM (\n" + SQL.indent(inner, by: 2) + "\n) AS keys\nGROUP BY \(k)\nORDER BY \(k)\(collate) NULLS LAST\nLIMIT \(p.bind(.int(Int64(limit))))"
        return (sql, p.values)
    }

    /// Joins `right` on pairs of equal columns (nulls never match). The
    /// left's columns come first, then the right's other columns renamed by
    /// `rename` (a clash gets a suffix, see JoinStage); the rows come in the
    /// left's order, then the right's.
    public mutating func join(_ right: StoreQuery, on pairs: [(left: String, right: String)], left isLeft: Bool,
                              rename: [String: String]) {
        var right = right
        let leftInner = close()
        let rightInner = right.close()
        // The right statement's $n become numbers of this one.
        var p = parameters
        let rightText = SQLPlaceholders.renumber(rightInner, from: right.parameters, into: &p)
        parameters = p
        let onNames = Set(pairs.map(\.right))
        var select = columns.map { "l." + SQL.identifier($0.name) }
        var newColumns = columns
        var rightNames: [String: String] = [:]
        for pair in pairs { rightNames[pair.right] = pair.left }
        for c in right.columns where !onNames.contains(c.name) {
            let visibleName = rename[c.name] ?? c.name
            let name = right.visible.contains(c.name) ? visibleName : hiddenName(for: c.name)
            rightNames[c.name] = name
            select.append("r." + SQL.identifier(c.name) + (name == c.name ? "" : " AS " + SQL.identifier(name)))
            var renamed = c
            renamed.name = name
            if case .column(let w)? = c.weight { renamed.weight = .column(rename[w] ?? w) }
            if case .danishDayHours(let w)? = c.weight { renamed.weight = .danishDayHours(rename[w] ?? w) }
            newColumns.append(renamed)
        }
        let condition = pairs.map { "l.\(SQL.identifier($0.left)) = r.\(SQL.identifier($0.right))" }.joined(separator: " AND ")
        base = "SELECT " + select.joined(separator: ", ") + "\nFROM (\n" + SQL.indent(leftInner, by: 2) + "\n) AS l\n"
            + (isLeft ? "LEFT JOIN" : "JOIN") + " (\n" + SQL.indent(rightText, by: 2) + "\n) AS r ON " + condition
        let rightVisible = right.visible.filter { !onNames.contains($0) }.compactMap { rightNames[$0] }
        visible = visible + rightVisible
        columns = newColumns
        order = order + right.order.map { key in
            SortKey(key.expression.renamingColumns { rightNames[$0] ?? $0 }, descending: key.descending)
        }
    }
}

/// The marker in the error a pushed `pivot` fails with when a cell has two rows.
enum PivotCheck {
    static let marker = "energiflow-pivot-duplicate-cell"
}
