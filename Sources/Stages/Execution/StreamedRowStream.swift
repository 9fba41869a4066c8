import Foundation
import Postgres
import Tabular

/// The rows of one statement read as the server sends them (no cursor), in
/// a read-only transaction: for a pipeline wholly pushed into the store,
/// whose sink reads every row. A plain statement may run with parallel
/// workers, which a cursor's may not. Ctrl-C cancels it on the server
/// (`StatementGuard`); closing before the end cancels what is still coming.
/// Pipelines with steps in memory read through `CursorRowStream`, which
/// lets them run other statements between batches.
final class StreamedRowStream: RowStream {
    let schema: Schema
    private let connection: PostgresConnection
    private let guardian: StatementGuard
    private let rows: PostgresRowStream
    /// True inside another read's transaction (a join's pipeline): no transaction of its own.
    private let nested: Bool
    private var closed = false

    private init(schema: Schema, connection: PostgresConnection, guardian: StatementGuard, rows: PostgresRowStream, nested: Bool) {
        self.schema = schema
        self.connection = connection
        self.guardian = guardian
        self.rows = rows
        self.nested = nested
    }

    /// Starts `sql` (with `checks` and `settings` as `CursorRowStream.open`
    /// runs them). Throws the PostgresError as it is.
    static func open(_ connection: PostgresConnection, sql: String, parameters: [PostgresValue], schema: Schema,
                     cancellation: CancellationToken, checks: [PlanCheck] = [],
                     settings: [(String, String)] = []) throws -> StreamedRowStream {
        let guardian = try StatementGuard(connection: connection, token: cancellation)
        let depth = CursorRowStream.open.enter(connection)
        do {
            if depth == 0 {
                let begin = checks.isEmpty ? "BEGIN READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                _ = try guardian.run { try connection.execute(begin) }
            }
            for (name, value) in settings {
                _ = try guardian.run { try connection.execute(SQL.setLocal(name, value)) }
            }
            for check in checks {
                let answer = try guardian.run { try connection.query(check.sql, check.parameters) }
                guard answer.rows.map({ $0[0] }) == check.expected else { throw PlanChangedError(stage: check.stage) }
            }
            let rows = try guardian.run { try connection.stream(sql, parameters) }
            return StreamedRowStream(schema: schema, connection: connection, guardian: guardian, rows: rows, nested: depth > 0)
        } catch {
            if depth == 0 { _ = try? connection.execute("ROLLBACK") }
            CursorRowStream.open.leave(connection)
            guardian.finish()
            throw error
        }
    }

    func next() throws -> [Value]? {
        guard !closed else { return nil }
        do {
            guard let row = try guardian.run({ try rows.next() }) else {
                close()
                return nil
            }
            return PostgresRows.row(row, schema: schema)
        } catch {
            close(committing: false)
            throw error
        }
    }

    /// Appends a line per row (`append` makes it from the row's cells)
    /// until `bytes` holds `limit` bytes or the rows end; returns how many
    /// rows it appended (0 at the end).
    func appendLines(to bytes: inout [UInt8], limit: Int, _ append: StoreLines.Append) throws -> Int {
        guard !closed else { return 0 }
        var count = 0
        do {
            try guardian.run {
                while bytes.count < limit, try rows.nextCells({ cells in try append(cells, &bytes) }) {
                    count += 1
                }
            }
        } catch {
            close(committing: false)
            throw error
        }
        if count == 0 { close() }
        return count
    }

    func close() { close(committing: true) }

    private func close(committing: Bool) {
        guard !closed else { return }
        closed = true
        let early = !rows.isFinished
        rows.close()
        guardian.finish()
        CursorRowStream.open.leave(connection)
        // A statement cancelled part way has spoiled the transaction: only ROLLBACK ends it.
        if nested {
            return
        }
        _ = try? connection.execute(committing && !early ? "COMMIT" : "ROLLBACK")
    }

    deinit { close() }
}
