import Foundation
import Postgres
import Services
import Store
import TestSupport
import Testing

/// The embedded cluster's roles: queries read as a role that can only read,
/// ingest writes as an owner that is no superuser, and a data directory made
/// by an older EnergiFlow (everything owned by the superuser) is upgraded
/// without losing a row.
@Suite(.serialized) struct StorePrivilegesTests {
    static var environment: [String: String] {
        ["HOME": "/nonexistent", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/energiflow-roles-test-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What an older EnergiFlow left: the store's database made and migrated
    /// by the bootstrap superuser, with rows in it.
    func makeOldStore(_ cluster: EmbeddedPostgres) throws {
        try cluster.start()
        let admin = try PostgresConnection(try cluster.configuration(role: .admin, database: "postgres"))
        try admin.executeScript("CREATE DATABASE energiflow")
        let store = try PostgresConnection(try cluster.configuration(role: .admin))
        try Migrator.migrate(store)
        try store.executeScript("""
            INSERT INTO energi_daily (day, price_area, avg_price_eur, price_intervals) VALUES
                ('2024-10-01', 'DK1', 51.25, 24), ('2024-10-02', 'DK2', -3.5, 23);
            INSERT INTO energi_rejects (source, raw, reason) VALUES ('elspot_topic', '\\x7b7d', 'old reject');
            """)
        #expect(try store.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'energiflow'").scalar?.int == 7)
    }

    @Test func anOldStoreIsUpgradedAndEachRoleMayDoOnlyItsPart() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let connector = DatabaseConnector(environment: Self.environment, dataDirectory: directory)
        guard case .embedded(let cluster) = connector.target else { Issue.record("expected the embedded cluster"); return }
        defer { _ = try? cluster.stop() }
        try makeOldStore(cluster)

        // Queries: the read-only role sees the old rows, exactly.
        let query = try connector.connectForQueries()
        #expect(try query.query("SELECT current_user::text").scalar?.string == "energiflow_query")
        let days = try query.query("SELECT day::text, price_area, avg_price_eur FROM energi_daily ORDER BY day").rows
        #expect(days.map { [$0[0].string, $0[1].string] } == [["2024-10-01", "DK1"], ["2024-10-02", "DK2"]])
        #expect(days.map { $0[2].double } == [51.25, -3.5])
        #expect(try query.query("SELECT reason FROM energi_rejects").scalar?.string == "old reject")
        // … and can change nothing, even outside the read-only default.
        for statement in ["BEGIN READ WRITE; INSERT INTO energi_daily (day, price_area) VALUES ('2024-10-03', 'DK1')",
                          "BEGIN READ WRITE; CREATE TABLE mine (x int)",
                          "BEGIN READ WRITE; CREATE TEMP TABLE mine (x int)"] {
            let error = try #require(throws: PostgresError.self) { try query.executeScript(statement) }
            #expect(error.sqlState == "42501", "\(statement): \(error.message)")
            try query.executeScript("ROLLBACK")
        }

        // Writing: the owner, no superuser, owns every table now and writes them (the identity sequence moved too).
        let owner = try connector.connect()
        let role = try owner.query("SELECT current_user::text, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user").rows[0]
        #expect(role[0].string == "energiflow_owner")
        #expect([role[1].bool, role[2].bool, role[3].bool] == [false, false, false])
        #expect(try owner.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'energiflow_owner'").scalar?.int == 0)
        try owner.executeScript("INSERT INTO energi_rejects (source, raw, reason) VALUES ('elspot_topic', '\\x00', 'new reject')")
        #expect(try owner.query("SELECT array_agg(id ORDER BY id)::text FROM energi_rejects").scalar?.string == "{1,2}")
        #expect(throws: PostgresError.self) { try owner.query("SELECT pg_read_file('/etc/passwd')") }
        #expect(throws: PostgresError.self) { try owner.query("SELECT lo_from_bytea(0, 'x')") }

        // A table or column the owner adds later (a migration of a newer version) is readable at once.
        try owner.executeScript("""
            CREATE TABLE energi_gaps_probe (topic text, first_missing bigint);
            INSERT INTO energi_gaps_probe VALUES ('elspot_topic', 42);
            ALTER TABLE energi_daily ADD COLUMN probe_note text;
            UPDATE energi_daily SET probe_note = 'added later' WHERE price_area = 'DK1';
            """)
        #expect(try query.query("SELECT first_missing FROM energi_gaps_probe").scalar?.int == 42)
        #expect(try query.query("SELECT probe_note FROM energi_daily WHERE price_area = 'DK1'").scalar?.string == "added later")

        // Preparing again is one query that finds it done.
        try cluster.prepare()
        #expect(try query.query("SELECT count(*) FROM energi_daily").scalar?.int == 2)

        // A table an older EnergiFlow makes as the superuser (after this one prepared
        // the store) is handed over at the next query connection, and readable.
        let admin = try PostgresConnection(try cluster.configuration(role: .admin))
        try admin.executeScript("CREATE TABLE energi_old_binary (x int); INSERT INTO energi_old_binary VALUES (7)")
        #expect(throws: PostgresError.self) { try query.query("SELECT x FROM energi_old_binary") }
        let later = try connector.connectForQueries()
        #expect(try later.query("SELECT x FROM energi_old_binary").scalar?.int == 7)
        #expect(try admin.query("SELECT tableowner::text FROM pg_tables WHERE tablename = 'energi_old_binary'").scalar?.string
                == "energiflow_owner")
    }

    @Test func theDemoDatabaseHasTheSameRoles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = EmbeddedPostgres(directory: directory, environment: Self.environment)
        defer { _ = try? cluster.stop() }
        try cluster.start()
        try cluster.recreate(database: "energiflow_probe")
        let owner = try PostgresConnection(try cluster.configuration(role: .owner, database: "energiflow_probe"))
        try Migrator.migrate(owner)
        let query = try PostgresConnection(try cluster.configuration(role: .query, database: "energiflow_probe"))
        #expect(try query.query("SELECT count(*) FROM energi_records").scalar?.int == 0)
        #expect(throws: PostgresError.self) { try query.query("SELECT lo_from_bytea(0, 'x')") }
        // Made anew: empty again, same grants.
        try owner.executeScript("INSERT INTO energi_daily (day, price_area) VALUES ('2024-10-01', 'DK1')")
        try cluster.recreate(database: "energiflow_probe")
        let again = try PostgresConnection(try cluster.configuration(role: .owner, database: "energiflow_probe"))
        try Migrator.migrate(again)
        let reader = try PostgresConnection(try cluster.configuration(role: .query, database: "energiflow_probe"))
        #expect(try reader.query("SELECT count(*) FROM energi_daily").scalar?.int == 0)
    }
}
