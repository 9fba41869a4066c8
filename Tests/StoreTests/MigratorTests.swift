import Postgres
@testable import Store
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

    @Test func aVersionOneStoreKeepsItsRowsAndGetsTheOneKeyIndex() throws {
        let connection = try PostgresConnection(try TestDatabase.fresh(prefix: "migrate_v1"))
        // A store as the first release left it: migration 1 only, with rows.
        try connection.executeScript("""
            CREATE TABLE energi_schema_versions (version integer PRIMARY KEY, description text NOT NULL,
                                                 applied_at timestamptz NOT NULL DEFAULT now());
            """)
        try connection.executeScript(Schema.migrations[0].sql)
        try connection.execute("INSERT INTO energi_schema_versions (version, description) VALUES (1, 'v1')")
        try connection.executeScript("""
            INSERT INTO energi_records ("timestamp", price_area, spot_price_eur, source, payload, natural_key, dataset, interval_seconds)
            VALUES ('2024-01-01T00:00:00Z', 'DK1', 10, 'elspot_topic', '{}', 'ElspotPrices|2024-01-01T00:00:00Z|DK1', 'ElspotPrices', 3600),
                   ('2024-01-01T01:00:00Z', 'DK2', 11, 'elspot_topic', '{}', 'ElspotPrices|2024-01-01T01:00:00Z|DK2', 'ElspotPrices', 3600);
            """)
        #expect(try Migrator.migrate(connection) == Array(2...Migrator.latestVersion))
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == 2)
        let indexes = try connection.query("""
            SELECT indexname FROM pg_indexes WHERE tablename = 'energi_records' ORDER BY indexname
            """).rows.compactMap { $0[0].string }
        #expect(indexes == ["energi_records_key"])
        let collations = try connection.query("""
            SELECT column_name, collation_name FROM information_schema.columns
            WHERE table_name = 'energi_records' AND column_name IN ('price_area', 'natural_key') ORDER BY column_name
            """).rows.map { "\($0[0].string ?? "") \($0[1].string ?? "default")" }
        #expect(collations == ["natural_key C", "price_area C"])
        // The key still refuses a second copy of a stored row.
        #expect(throws: PostgresError.self) {
            try connection.execute("""
                INSERT INTO energi_records ("timestamp", price_area, spot_price_eur, source, payload, natural_key, dataset, interval_seconds)
                VALUES ('2024-01-01T00:00:00Z', 'DK1', 12, 'elspot_topic', '{}', 'ElspotPrices|2024-01-01T00:00:00Z|DK1', 'ElspotPrices', 3600)
                """)
        }
        // Reads by area and time range use it.
        let plan = try connection.query("""
            EXPLAIN SELECT * FROM energi_records WHERE price_area = 'DK1' AND "timestamp" >= '2024-01-01' AND "timestamp" < '2024-01-02'
            """).rows.compactMap { $0[0].string }.joined(separator: "\n")
        try connection.execute("SET enable_seqscan = off")
        let forced = try connection.query("""
            EXPLAIN SELECT * FROM energi_records WHERE price_area = 'DK1' AND "timestamp" >= '2024-01-01' AND "timestamp" < '2024-01-02'
            """).rows.compactMap { $0[0].string }.joined(separator: "\n")
        #expect(forced.contains("energi_records_key"), "\(plan)\n\(forced)")
    }
}
