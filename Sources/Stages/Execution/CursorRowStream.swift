import Foundation
import Postgres
import Query
import Tabular

/// The rows of one statement, read from a server-side cursor in a read-only
/// transaction a batch at a time, so the first rows come before the last are
/// computed and a `limit` in memory stops the work. Ctrl-C cancels the
/// running statement on the server (`StatementGuard`). Closing ends the
/// transaction; the connection stays usable.
final class CursorRowStream: RowStream {
    static let cursorName = "energiflow_rows"
    /// What precedes the statement's text in the DECLARE (server error positions count it).
    static let declarePrefix = "DECLARE \(cursorName) NO SCROLL CURSOR FOR "

    /// Store reads open per connection (cursors and `StreamedRowStream`s): a
    /// stream opened while another is open on the same connection (the
    /// pipeline in parentheses of a join run in memory) reads inside the same
    /// transaction, a cursor of its own.
    static let open = LockedCounts()

    /// `energiflow_rows` for the first cursor, `energiflow_r001` … (the same
    /// length, so error positions map the same) for ones inside it.
    static func name(depth: Int) -> String {
        depth == 0 ? cursorName : "energiflow_r" + String(format: "%03d", depth % 1000)
    }

    let schema: Schema
    private let connection: PostgresConnection
    private let cursor: String
    /// True for a cursor inside another's transaction: closing closes only the cursor.
    private let nested: Bool
    private let guardian: StatementGuard
    private var buffer: [PostgresRow] = []
    private var index = 0
    private var exhausted = false
    private var closed = false
    private var batchSize: Int

    private init(schema: Schema, connection: PostgresConnection, guardian: StatementGuard, first: PostgresResult,
                 batchSize: Int, cursor: String, nested: Bool) {
        self.schema = schema
        self.connection = connection
        self.cursor = cursor
        self.nested = nested
        self.guardian = guardian
        self.buffer = first.rows
        self.batchSize = batchSize
        self.exhausted = first.count < batchSize
    }

    /// Starts `sql` and fetches the first batch. With `schema` nil the
    /// columns are taken from the result (types by `PostgresRows.type(of:)`).
    /// `statementTimeout` bounds each statement of the transaction (the
    /// DECLARE and every FETCH) on the server. Throws the PostgresError as it
    /// is (the caller knows what to point at).
    /// With `checks`, the transaction is REPEATABLE READ and each check runs
    /// first in it: a changed answer throws `PlanChangedError` (the statement was
    /// written from the old one), so what the statement reads is what it was
    /// written for.
    static func open(_ connection: PostgresConnection, sql: String, parameters: [PostgresValue], schema: Schema?,
                     cancellation: CancellationToken, statementTimeout: DurationLiteral? = nil, batchSize: Int = 500,
                     checks: [PlanCheck] = [], settings: [(String, String)] = []) throws -> CursorRowStream {
        let guardian = try StatementGuard(connection: connection, token: cancellation)
        let depth = open.enter(connection)
        let cursor = name(depth: depth)
        do {
            if depth == 0 {
                let begin = checks.isEmpty ? "BEGIN READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                _ = try guardian.run { try connection.execute(begin) }
                // A pipeline reads every row (limits are in the statement): plan for all of them, as for a
                // plain SELECT, not for a quick first tenth (cursor_tuple_fraction's default, 0.1).
                _ = try guardian.run { try connection.execute("SET LOCAL cursor_tuple_fraction = 1") }
                if let statementTimeout {
                    // SET takes no parameters; the number is ours, not the user's text.
                    _ = try guardian.run { try connection.execute("SET LOCAL statement_timeout = \(statementTimeout.seconds * 1000)") }
                }
            }
            for (name, value) in settings {
                _ = try guardian.run { try connection.execute(SQL.setLocal(name, value)) }
            }
            for check in checks {
                let answer = try guardian.run { try connection.query(check.sql, check.parameters) }
                guard answer.rows.map({ $0[0] }) == check.expected else { throw PlanChangedError(stage: check.stage) }
            }
            _ = try guardian.run { try connection.execute("DECLARE \(cursor) NO SCROLL CURSOR FOR " + sql, parameters) }
            let first = try guardian.run { try connection.query("FETCH FORWARD \(batchSize) FROM \(cursor)") }
            let resolved = schema ?? PostgresRows.schema(of: first.columns)
            return CursorRowStream(schema: resolved, connection: connection, guardian: guardian, first: first,
                                   batchSize: batchSize, cursor: cursor, nested: depth > 0)
        } catch {
            // A failed statement spoils the transaction: the outer cursor's too, which then fails on its next fetch.
            _ = try? connection.execute("ROLLBACK")
            open.leave(connection)
            guardian.finish()
            throw error
        }
    }

    func next() throws -> [Value]? {
        guard !closed else { return nil }
        if index >= buffer.count {
            guard !exhausted else {
                close()
                return nil
            }
            // Later batches grow: quick first rows, few round trips for long results.
            batchSize = min(batchSize * 2, 8000)
            do {
                let result = try guardian.run {
                    try connection.query("FETCH FORWARD \(batchSize) FROM \(cursor)")
                }
                buffer = result.rows
                index = 0
                exhausted = result.count < batchSize
            } catch {
                close(committing: false)
                throw error
            }
            guard !buffer.isEmpty else {
                close()
                return nil
            }
        }
        defer { index += 1 }
        return PostgresRows.row(buffer[index], schema: schema)
    }

    func close() { close(committing: true) }

    private func close(committing: Bool) {
        guard !closed else { return }
        closed = true
        buffer = []
        guardian.finish()
        Self.open.leave(connection)
        if nested {
            _ = try? connection.execute("CLOSE \(cursor)")
            return
        }
        // The transaction only read; COMMIT and ROLLBACK both just end it.
        _ = try? connection.execute(committing ? "COMMIT" : "ROLLBACK")
    }

    deinit { close() }
}

/// The store changed between planning and running in a way the statement
/// depends on (a new value for a pivot's columns): plan again.
struct PlanChangedError: Error {
    var stage: String
}

/// How many cursors are open on each connection.
final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [ObjectIdentifier: Int] = [:]

    /// The number open before this one; counts this one in.
    func enter(_ connection: PostgresConnection) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let key = ObjectIdentifier(connection)
        let depth = counts[key, default: 0]
        counts[key] = depth + 1
        return depth
    }

    func leave(_ connection: PostgresConnection) {
        lock.lock()
        defer { lock.unlock() }
        let key = ObjectIdentifier(connection)
        let depth = counts[key, default: 1] - 1
        counts[key] = depth > 0 ? depth : nil
    }
}
