import Foundation
import Postgres
import Query
import Tabular

/// How a pipeline will run: which stages became one SQL statement, which
/// run in memory after it, and the sink. Made by `Planner`; run by
/// `Executor`; shown by `explain`.
public struct Plan {
    /// Where a stage runs.
    public enum Placement: String, Sendable {
        /// Inside the one SQL statement.
        case store = "PostgreSQL"
        /// On the rows in this process.
        case memory = "in memory"
        /// A source that makes its own rows (a live tail, a plugin, the sql escape hatch).
        case rows = "own rows"
    }

    public struct Step {
        public var stage: BoundStage
        public var placement: Placement
        /// True for the sink the session added because the pipeline had none.
        public var isDefaultSink: Bool
        /// The columns after this step, when known before running.
        public var output: Schema?
        /// What was prepared while planning, and for which input columns.
        var prepared: PreparedTransform?
        var preparedSink: PreparedSink?
        var preparedFor: Schema?
    }

    public internal(set) var steps: [Step]
    /// The store part, when the source reads the store.
    public internal(set) var query: StoreQuery?
    /// The source's own rows, when it does not read the store.
    public internal(set) var rowSource: RowSource?
    /// The pipeline's zone (the source's `tz=`, else the session's).
    public internal(set) var timeZone: TimeZone
    /// False for a pipeline planned without a sink (it gives rows to another stage).
    public internal(set) var hasSink: Bool = true

    init(steps: [Step], query: StoreQuery?, rowSource: RowSource?, timeZone: TimeZone, hasSink: Bool = true) {
        self.steps = steps
        self.query = query
        self.rowSource = rowSource
        self.timeZone = timeZone
        self.hasSink = hasSink
    }

    /// The SQL statement and its parameters, when the source reads the store.
    public var statement: (sql: String, parameters: [PostgresValue])? { query?.statement() }

    /// The sink's lines made from the statement's cells (csv after a wholly
    /// pushed pipeline), when it runs that way.
    var storeLines: StoreLines? {
        guard hasSink, isWhollyPushed, let query, let sink = steps.last, sink.preparedFor == query.schema else { return nil }
        return sink.preparedSink?.storeLines
    }

    /// The stages that run in memory, in order (sink included).
    public var inMemory: [String] { steps.filter { $0.placement == .memory }.map(\.stage.name) }

    /// The stages inside the SQL statement, source first.
    public var pushed: [String] { steps.filter { $0.placement == .store }.map(\.stage.name) }

    /// The columns that reach the sink (or leave a sinkless plan), when known before running.
    public var outputSchema: Schema? {
        hasSink ? steps.last.flatMap { _ in steps.dropLast().last?.output } : steps.last?.output
    }

    /// Whether every step but the sink runs inside the SQL statement.
    public var isWhollyPushed: Bool {
        query != nil && steps.dropLast(hasSink ? 1 : 0).allSatisfy { $0.placement == .store }
    }

    /// The text `explain` prints:
    ///
    ///     stages:
    ///       1  daily   source     PostgreSQL
    ///       2  where   transform  PostgreSQL
    ///       3  table   sink       in memory (default sink)
    ///
    ///     SQL:
    ///       SELECT …
    ///
    ///     parameters:
    ///       $1  text    'DK1'
    ///
    ///     columns: day (day), area (text), price (EUR/MWh) …
    public var explanation: String {
        var lines = ["stages:"]
        let nameWidth = steps.map(\.stage.name.count).max() ?? 0
        let kindWidth = steps.map(\.stage.kind.rawValue.count).max() ?? 0
        for (i, step) in steps.enumerated() {
            var place = step.placement.rawValue
            if step.isDefaultSink { place += " (default sink)" }
            if i == steps.count - 1, storeLines != nil { place = Placement.store.rawValue + " (lines made from the cells' text)" }
            if step.prepared?.isBlocking == true && step.placement == .memory { place += ", reads all rows first" }
            lines.append("  \(i + 1)  " + pad(step.stage.name, nameWidth) + "  " + pad(step.stage.kind.rawValue, kindWidth)
                         + "  " + place)
        }
        if let notes = query?.notes, !notes.isEmpty {
            lines += ["", "notes:"] + notes.map { "  " + $0 }
        }
        if let statement = storeLines.flatMap({ lines in query?.statement(selecting: lines.select(query!.schema)) }) ?? statement {
            lines += ["", "SQL:", SQL.indent(statement.sql, by: 2)]
            if statement.parameters.isEmpty {
                lines += ["", "parameters: none"]
            } else {
                lines += ["", "parameters:"]
                let typeWidth = statement.parameters.map { SQL.describeType($0).count }.max() ?? 0
                let numberWidth = "$\(statement.parameters.count)".count
                for (i, value) in statement.parameters.enumerated() {
                    lines.append("  " + pad("$\(i + 1)", numberWidth) + "  " + pad(SQL.describeType(value), typeWidth)
                                 + "  " + SQL.describe(value))
                }
            }
        } else if let rowSource {
            lines += ["", "source:", SQL.indent(rowSource.description, by: 2)]
        }
        if let schema = outputSchema {
            let columns = schema.columns.map { c in "\(c.name) (\(c.unit ?? c.type.rawValue))" }
            lines += ["", "columns: " + columns.joined(separator: ", ")]
        } else {
            lines += ["", "columns: known when the rows arrive"]
        }
        return lines.map { $0.hasSuffix(" ") ? String($0.reversed().drop { $0 == " " }.reversed()) : $0 }
            .joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }
}
