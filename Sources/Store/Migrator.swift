import Postgres

/// Brings a database's schema up to date. Safe to run on every connect and
/// from several processes at once: an advisory lock serialises migrators and
/// each migration runs once, in its own transaction.
public enum Migrator {
    /// Arbitrary but fixed: identifies EnergiFlow's migration lock.
    static let advisoryLockKey: Int64 = 0x456E_6572_6769

    /// The newest schema version this program knows.
    public static var latestVersion: Int { Schema.migrations.last?.version ?? 0 }

    /// Applies pending migrations; returns the versions applied (empty when up to date).
    @discardableResult
    public static func migrate(_ connection: PostgresConnection) throws -> [Int] {
        do {
            try connection.execute("SELECT pg_advisory_lock($1)", [.int(advisoryLockKey)])
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.int(advisoryLockKey)]) }
            try connection.executeScript("""
                CREATE TABLE IF NOT EXISTS energi_schema_versions (
                    version     integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current = try currentVersion(connection)
            guard current <= latestVersion else {
                throw StoreError(.schemaTooNew,
                    "the database's schema is version \(current) but this energiflow knows only up to \(latestVersion); upgrade energiflow")
            }
            var applied: [Int] = []
            for migration in Schema.migrations where migration.version > current {
                do {
                    try connection.transaction { tx in
                        try tx.executeScript(migration.sql)
                        try tx.execute("INSERT INTO energi_schema_versions (version, description) VALUES ($1, $2)",
                                       [.int(Int64(migration.version)), .text(migration.description)])
                    }
                } catch let error as PostgresError {
                    throw StoreError(.migrationFailed, "schema migration \(migration.version) (\(migration.description)) failed: \(error.message)", cause: error)
                }
                applied.append(migration.version)
            }
            return applied
        } catch let error as PostgresError {
            throw StoreError(.database, "could not check the schema: \(error.message)", cause: error)
        }
    }

    /// The highest applied version, 0 for a new database.
    public static func currentVersion(_ connection: PostgresConnection) throws -> Int {
        let result = try connection.query("SELECT coalesce(max(version), 0) FROM energi_schema_versions")
        return Int(result.rows.first?[0].int ?? 0)
    }
}
