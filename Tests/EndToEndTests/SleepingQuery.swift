import Foundation
import Postgres
import TestSupport

/// A `pg_sleep(30)` in a database of its own, so that "PostgreSQL runs it"
/// means this test's query. Tests share the store's database and run in
/// parallel; another test's sleep there looked the same (energiflow reads
/// through a cursor, so pg_stat_activity shows only `FETCH …`), and a Ctrl-C
/// sent on that sign could arrive before this test's query ran.
struct SleepingQuery {
    let database: PostgresConfiguration
    /// For the energiflow process under test.
    let url: String
    /// The SELECT, for `sql '…'`.
    let select = "select pg_sleep(30) as slept"
    private let watcher: PostgresConnection

    init() throws {
        database = try TestDatabase.fresh(prefix: "sleep")
        guard let name = database["dbname"] else { throw Binary.Missing(description: "the fresh database has no name") }
        url = try Binary.url(forDatabase: name)
        watcher = try PostgresConnection(database)
    }

    /// Whether PostgreSQL runs the sleep now.
    func isRunning() throws -> Bool {
        let running = "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()"
        return (try watcher.query(running).scalar?.int ?? 0) > 0
    }

    /// Waits (up to 30 s: a fresh database is migrated on first use) until it runs; whether it does.
    func waitUntilRunning() throws -> Bool {
        for _ in 0..<3000 {
            if try isRunning() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func drop() { try? TestDatabase.drop(database) }
}
