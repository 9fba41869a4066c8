import Postgres
import Query
import Tabular

/// A query on the store that a source starts and the planner extends, then
/// runs as one parameterised statement.
///
/// The source gives its `core`: a SELECT whose output columns are exactly
/// `columns` (values bound in `parameters` as `$n`, never spliced in), and
/// the `order` its rows naturally come in (a unique key, so results are
/// deterministic). Pushed stages add layers around it:
///
///     SELECT *                        ← the last layer: visible columns, current order
///     FROM (
///       <core>
///     ) AS daily
///     WHERE "price" > $3              ← filters
///     ORDER BY "price" DESC NULLS LAST, "day", "area" COLLATE "C"
///     LIMIT $4
///
/// A filter or sort after a limit opens a new layer, so the statement means
/// exactly what the stages do one after the other in memory: a sort is
/// stable (the previous order breaks ties), a limit keeps the first rows of
/// the current order, `select` only chooses which columns come out.
/// PostgreSQL flattens the layers when it plans, so they cost nothing.
public struct StoreQuery: Sendable {
    /// The alias of the core in the statement, usually the source's name.
    public let name: String
    public let core: String
    /// The core's parameters; layers bind theirs after these.
    public let coreParameters: SQLParameters
    /// Every column the core produces.
    public let columns: [Column]
    /// The names that come out, in order (all columns until a `select`).
    public private(set) var visible: [String]
    /// The order of the rows as they come out.
    public private(set) var order: [SortKey]

    struct Layer: Sendable {
        var conditions: [TypedExpression] = []
        var order: [SortKey] = []
        var limit: Int64?
    }

    private var layers: [Layer] = [Layer()]

    public init(name: String, core: String, columns: [Column], order: [SortKey], parameters: SQLParameters) {
        self.name = name
        self.core = core
        self.columns = columns
        self.visible = columns.map(\.name)
        self.order = order
        self.coreParameters = parameters
    }

    /// The columns that come out.
    public var schema: Schema {
        Schema(visible.compactMap { name in columns.first { $0.name == name } })
    }

    // MARK: Pushing stages

    /// Keeps the rows where `condition` (over the visible columns) is true.
    public mutating func filter(_ condition: TypedExpression) {
        if layers[layers.count - 1].limit != nil { layers.append(Layer()) }
        layers[layers.count - 1].conditions.append(condition)
    }

    /// Sorts by `keys`, stably (the current order breaks ties).
    public mutating func sort(_ keys: [SortKey]) {
        if layers[layers.count - 1].limit != nil { layers.append(Layer()) }
        order = SortKey.refine(order, by: keys)
    }

    /// Keeps the first `n` rows in the current order.
    public mutating func limit(_ n: Int64) {
        let last = layers.count - 1
        if let existing = layers[last].limit {
            layers[last].limit = min(existing, n)
        } else {
            layers[last].limit = n
            layers[last].order = order
        }
    }

    /// Keeps only `names` (visible columns), in that order.
    public mutating func project(_ names: [String]) {
        visible = names
    }

    // MARK: The statement

    /// The whole statement and its parameters.
    public func statement() -> (sql: String, parameters: [PostgresValue]) {
        var parameters = coreParameters
        var text = core
        for (i, layer) in layers.enumerated() {
            let isLast = i == layers.count - 1
            let all = visible == columns.map(\.name)
            let select = isLast && !all ? visible.map(SQL.identifier).joined(separator: ", ") : "*"
            let alias = i == 0 ? name : "\(name)_\(i + 1)"
            var lines = ["SELECT \(select)", "FROM (", SQL.indent(text, by: 2), ") AS \(alias)"]
            if !layer.conditions.isEmpty {
                lines.append("WHERE " + layer.conditions.map { SQL.text($0, &parameters) }.joined(separator: "\n  AND "))
            }
            let keys = isLast ? order : layer.order
            if (isLast || layer.limit != nil) && !keys.isEmpty {
                lines.append("ORDER BY " + keys.map { $0.sql(&parameters) }.joined(separator: ", "))
            }
            if let limit = layer.limit {
                lines.append("LIMIT " + parameters.bind(.int(limit)))
            }
            text = lines.joined(separator: "\n")
        }
        return (text, parameters.values)
    }
}
