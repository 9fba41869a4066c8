import Foundation
import Postgres
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

    let schema: Schema
    private let connection: PostgresConnection
    private let guardian: StatementGuard
    private var buffer: [PostgresRow] = []
    private var index = 0
    private var exhausted = false
    private var closed = false
    private var batchSize: Int

    private init(schema: Schema, connection: PostgresConnection, guardian: StatementGuard, first: PostgresResult,
                 batchSize: Int) {
        self.schema = schema
        self.connection = connection
        self.guardian = guardian
        self.buffer = first.rows
        self.batchSize = batchSize
        self.exhausted = first.count < batchSize
    }

    /// Starts `sql` and fetches the first batch. With `schema` nil the
    /// columns are taken from the result (types by `PostgresRows.type(of:)`).
    /// Throws the PostgresError as it is (the caller knows what to point at).
    /// With `checks`, the transaction is REPEATABLE READ and each check runs
    /// first in it: a changed answer throws `PlanChanged` (the statement was
    /// written from the old one), so what the statement reads is what it was
    /// written for.
    static func open(_ connection: PostgresConnection, sql: String, parameters: [PostgresValue], schema: Schema?,
                     cancellation: CancellationToken, batchSize: Int = 500,
                     checks: [PlanCheck] = []) throws -> CursorRowStream {
        let guardian = try StatementGuard(connection: connection, token: cancellation)
        do {
            let begin = checks.isEmpty ? "BEGIN READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            _ = try guardian.run { try connection.execute(begin) }
            for check in checks {
                let answer = try guardian.run { try connection.query(check.sql, check.parameters) }
                guard answer.rows.map({ $0[0] }) == check.expected else { throw PlanChanged(stage: check.stage) }
            }
            _ = try guardian.run { try connection.execute(declarePrefix + sql, parameters) }
            let first = try guardian.run { try connection.query("FETCH FORWARD \(batchSize) FROM \(cursorName)") }
            let resolved = schema ?? PostgresRows.schema(of: first.columns)
            return CursorRowStream(schema: resolved, connection: connection, guardian: guardian, first: first,
                                   batchSize: batchSize)
        } catch {
            _ = try? connection.execute("ROLLBACK")
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
                    try connection.query("FETCH FORWARD \(batchSize) FROM \(Self.cursorName)")
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
        // The transaction only read; COMMIT and ROLLBACK both just end it.
        _ = try? connection.execute(committing ? "COMMIT" : "ROLLBACK")
    }

    deinit { close() }
}

/// The store changed between planning and running in a way the statement
/// depends on (a new value for a pivot's columns): plan again.
struct PlanChanged: Error {
    var stage: String
}
