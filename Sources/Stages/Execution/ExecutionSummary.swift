import Foundation
import Postgres

/// What a run did, for `.timing` and scripts.
public struct ExecutionSummary: Sendable {
    /// Rows that reached the sink (0 for `explain`).
    public var rows: Int
    /// Wall time from planning to the sink's last write, in seconds.
    public var elapsed: TimeInterval
    /// The SQL statement that ran (or would run, for `explain`), if any.
    public var sql: String?
    public var parameters: [PostgresValue]
    /// Stages run inside the SQL statement, source first.
    public var pushed: [String]
    /// Stages run in memory, sink last.
    public var inMemory: [String]
    /// Warnings raised during the run.
    public var warnings: [StageWarning]
    /// True for `explain`.
    public var isExplain: Bool

    public init(rows: Int, elapsed: TimeInterval, sql: String?, parameters: [PostgresValue], pushed: [String],
                inMemory: [String], warnings: [StageWarning], isExplain: Bool) {
        self.rows = rows
        self.elapsed = elapsed
        self.sql = sql
        self.parameters = parameters
        self.pushed = pushed
        self.inMemory = inMemory
        self.warnings = warnings
        self.isExplain = isExplain
    }

    /// `(12 rows, 0.031 s)` for `.timing on`.
    public var timingText: String {
        String(format: "%d row%@ in %.3f s", rows, rows == 1 ? "" : "s", elapsed)
    }
}
