import Postgres
import Store

/// A database of the benchmark's own on its server: created empty (dropped
/// first, should a killed run have left it) and dropped, sessions and all,
/// by `drop()` — each figure starts from a store of its own.
///
///     let scratch = try ScratchDatabase(on: base, named: "energiflow_bench_\(getpid())_copy")
///     defer { scratch.drop() }
///     let connection = try scratch.openMigrated()
struct ScratchDatabase {
    let name: String
    let configuration: PostgresConfiguration
    private let maintenance: PostgresConnection

    /// `name` is a plain identifier (the benchmark makes it from letters, digits and `_`).
    init(on base: PostgresConfiguration, named name: String) throws {
        maintenance = try PostgresConnection(base)
        try maintenance.executeScript("DROP DATABASE IF EXISTS \(name)")
        try maintenance.executeScript("CREATE DATABASE \(name)")
        self.name = name
        configuration = base.database(name)
    }

    /// A connection to it, with the store's schema migrated (before any clock starts).
    func openMigrated() throws -> PostgresConnection {
        let connection = try PostgresConnection(configuration)
        try Migrator.migrate(connection)
        return connection
    }

    func drop() {
        _ = try? maintenance.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
