import Basics
import Foundation
import Tabular

/// The rows a transform or sink plugin reads on stdin: a schema and a pull
/// function the writer thread calls until it returns nil. A throw stops the
/// run: the plugin is killed and the run fails with `.inputFailed` keeping the error.
public struct PluginInput: Sendable {
    public var schema: Schema
    public var next: @Sendable () throws -> [Value]?

    public init(schema: Schema, next: @escaping @Sendable () throws -> [Value]?) {
        self.schema = schema
        self.next = next
    }

    /// All rows of a finished row set.
    public init(_ rows: RowSet) {
        let cursor = RowCursor(rows.rows)
        self.init(schema: rows.schema, next: { cursor.next() })
    }

    /// No rows (a transform called with nothing before it).
    public static func empty(_ schema: Schema = Schema([])) -> PluginInput {
        PluginInput(schema: schema, next: { nil })
    }
}

/// Hands out an array's rows one by one, from whichever thread asks.
private final class RowCursor: @unchecked Sendable {
    private let rows: [[Value]]
    private var index = 0
    private let lock = NSLock()

    init(_ rows: [[Value]]) { self.rows = rows }

    func next() -> [Value]? {
        lock.lock()
        defer { lock.unlock() }
        guard index < rows.count else { return nil }
        index += 1
        return rows[index - 1]
    }
}

/// How a run is carried out.
public struct PluginRunOptions: Sendable {
    /// Seconds before the plugin is killed: nil takes the manifest's
    /// `timeout`, else 60 s; `.infinity` means none.
    public var timeout: TimeInterval?
    /// Instants go to the plugin as ISO 8601 with this zone's offset, and
    /// date-time arguments without a zone are read in it. Also passed as
    /// ENERGIFLOW_TIMEZONE.
    public var timeZone: TimeZone
    /// What the plugin's environment is made from (`PluginEnvironment`: it sees
    /// only part of it); nil: what discovery gave the plugin (`Plugin.runEnvironment`).
    public var environment: [String: String]?
    /// A longer output line is an error (memory stays bounded).
    public var maxLineBytes: Int

    public init(timeout: TimeInterval? = nil, timeZone: TimeZone = .copenhagen,
                environment: [String: String]? = nil, maxLineBytes: Int = 16 << 20) {
        self.timeout = timeout
        self.timeZone = timeZone
        self.environment = environment
        self.maxLineBytes = maxLineBytes
    }
}
