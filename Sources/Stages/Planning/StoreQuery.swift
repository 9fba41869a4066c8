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
/// the current order, `select` only chooses which columns come out. Stages
/// that make new columns (`extend`, `summarize`, `pivot`, `join`; see
/// StoreQuery+Relations) first close the layers so far into a subquery and
/// select from it. PostgreSQL flattens the layers when it plans, so they
/// cost nothing.
public struct StoreQuery: Sendable {
    /// The alias of the core in the statement, usually the source's name.
    public let name: String
    /// The relation so far: its output columns are `columns`.
    var base: String
    /// Every parameter bound so far (the base's and the closed layers').
    var parameters: SQLParameters
    /// Every column the base produces, hidden ones (kept for the order) included.
    public internal(set) var columns: [Column]
    /// The names that come out, in order (all columns until a `select`).
    public internal(set) var visible: [String]
    /// The order of the rows as they come out.
    public internal(set) var order: [SortKey]
    /// How many times the layers were closed into a subquery (for aliases).
    var closings = 0
    /// Facts the statement was written from (a pivot's columns), checked
    /// again in the statement's own transaction before it runs.
    public internal(set) var checks: [PlanCheck] = []
    /// Lines for `explain` (which filters apply before a source groups its rows).
    public internal(set) var notes: [String] = []
    /// The filters pushed so far, to explain an empty result.
    public internal(set) var probes: [FilterProbe] = []

    struct Layer: Sendable {
        var conditions: [TypedExpression] = []
        var order: [SortKey] = []
        var limit: Int64?
    }

    var layers: [Layer] = [Layer()]

    public init(name: String, core: String, columns: [Column], order: [SortKey], parameters: SQLParameters) {
        self.name = name
        self.base = core
        self.columns = columns
        self.visible = columns.map(\.name)
        self.order = order
        self.parameters = parameters
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

    mutating func check(_ check: PlanCheck) { checks.append(check) }

    mutating func note(_ text: String) { notes.append(text) }

    /// Keeps the rows where `condition` is true, remembering the filter as
    /// written (`where price < 0`) for a note when it keeps no rows.
    public mutating func filter(_ condition: TypedExpression, stage: String, text: String) {
        let before = self
        filter(condition)
        probes.append(FilterProbe(stage: stage, text: text, before: before, after: self))
    }

    // MARK: The statement

    /// The whole statement and its parameters.
    public func statement() -> (sql: String, parameters: [PostgresValue]) {
        var parameters = self.parameters
        let text = layered(&parameters, selectVisible: true, orderLast: true)
        return (text, parameters.values)
    }

    /// The statement with `select` (over the visible columns) as its last
    /// layer's SELECT list, in the same order: what a sink whose text the
    /// store writes runs.
    public func statement(selecting select: String) -> (sql: String, parameters: [PostgresValue]) {
        var parameters = self.parameters
        let text = layered(&parameters, selectVisible: true, orderLast: true, finalSelect: select)
        return (text, parameters.values)
    }

    /// The base with the layers around it. The last layer selects the visible
    /// columns (or all, for a closing; or `finalSelect`) and orders the rows when `orderLast`.
    func layered(_ parameters: inout SQLParameters, selectVisible: Bool, orderLast: Bool, finalSelect: String? = nil) -> String {
        var text = base
        let all = visible == columns.map(\.name)
        for (i, layer) in layers.enumerated() {
            let isLast = i == layers.count - 1
            var select = isLast && selectVisible && !all ? visible.map(SQL.identifier).joined(separator: ", ") : "*"
            if isLast, let finalSelect { select = finalSelect }
            let alias = Self.alias(name, closings, i)
            var lines = ["SELECT \(select)", "FROM (", SQL.indent(text, by: 2), ") AS \(alias)"]
            if !layer.conditions.isEmpty {
                lines.append("WHERE " + layer.conditions.map { SQL.text($0, &parameters) }.joined(separator: "\n  AND "))
            }
            let keys = isLast && orderLast ? order : layer.order
            if ((isLast && orderLast) || layer.limit != nil) && !keys.isEmpty {
                lines.append("ORDER BY " + keys.map { $0.sql(&parameters) }.joined(separator: ", "))
            }
            if let limit = layer.limit {
                lines.append("LIMIT " + parameters.bind(.int(limit)))
            }
            text = lines.joined(separator: "\n")
        }
        return text
    }

    /// `daily`, `daily_2`, … for the layers of the first relation; `daily_c1`,
    /// `daily_c1_2` … after the first closing.
    static func alias(_ name: String, _ closings: Int, _ layer: Int) -> String {
        let base = closings == 0 ? name : "\(name)_c\(closings)"
        return layer == 0 ? base : "\(base)_\(layer + 1)"
    }
}

/// A query whose answer a statement was written from (the values that
/// became a pivot's columns), with the answer then.
public struct PlanCheck: Sendable {
    public var sql: String
    public var parameters: [PostgresValue]
    public var expected: [PostgresValue]
    /// The stage that asked, for messages.
    public var stage: String
}
