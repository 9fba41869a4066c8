import Postgres
import Store
import TestSupport
import Testing

@Suite struct MigratorTests {
    @Test func migratingTwiceIsANoOp() throws {
        let connection = try PostgresConnection(try TestDatabase.fresh(prefix: "migrate_twice"))
        let first = try Migrator.migrate(connection)
        #expect(first == Array(1...Migrator.latestVersion))
        let tables = try connection.query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'energi_%'").scalar?.int
        let second = try Migrator.migrate(connection)
        #expect(second.isEmpty)
        #expect(try Migrator.currentVersion(connection) == Migrator.latestVersion)
        #expect(try connection.query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'energi_%'").scalar?.int == tables)
        #expect(try connection.query("SELECT count(*) FROM energi_schema_versions").scalar?.int == Int64(Migrator.latestVersion))
    }

    @Test func aNewerSchemaIsRefused() throws {
        let connection = try migratedStore()
        try connection.execute("INSERT INTO energi_schema_versions (version, description) VALUES (999, 'from the future')")
        #expect(throws: StoreError.self) { try Migrator.migrate(connection) }
    }

    @Test func recordsKeepTheOriginalColumns() throws {
        let connection = try migratedStore()
        let names = try connection.query("""
            SELECT column_name FROM information_schema.columns WHERE table_name = 'energi_records'
            """).rows.compactMap { $0[0].string }
        for column in ["timestamp", "price_area", "production_mwh", "spot_price_eur", "production_type", "source", "payload", "natural_key", "kafka_partition", "kafka_offset"] {
            #expect(names.contains(column), "missing \(column)")
        }
        let type = try connection.query("""
            SELECT data_type FROM information_schema.columns WHERE table_name = 'energi_records' AND column_name = 'timestamp'
            """).scalar?.string
        #expect(type == "timestamp with time zone")
    }
}
