import Foundation
import Postgres
import Services
import TestSupport
import Testing

@Suite struct DoctorTests {
    @Test func unreachableServicesAreProblemsWithTheReasonAndNoPassword() {
        let checks = Doctor(environment: [
            "DATABASE_URL": "postgres://analyst:hunter2-secret@127.0.0.1:1/energy?connect_timeout=2",
            "KAFKA_BROKERS": "127.0.0.1:1",
        ]).run()
        let report = Doctor.render(checks)
        #expect(checks.map(\.healthy) == [false, false, true])
        #expect(report.contains("uses: DATABASE_URL is set"))
        #expect(report.contains("postgres://analyst:***@127.0.0.1:1/energy") || report.contains("postgresql://analyst:***@127.0.0.1:1/energy"))
        #expect(report.contains("uses: KAFKA_BROKERS is set"))
        #expect(report.contains("127.0.0.1:1"))
        #expect(!report.contains("hunter2-secret"))
    }

    @Test func aReachableServerReportsItsVersion() throws {
        let checks = Doctor(environment: ["DATABASE_URL": try TestDatabase.url()]).run()
        let postgres = try #require(checks.first)
        #expect(postgres.healthy)
        #expect(postgres.lines.contains { $0.hasPrefix("server: PostgreSQL ") && $0.contains("reachable") })
        #expect(checks.last?.lines.contains("librdkafka 2.0.2") == true)
    }
}

/// `doctor` and the query connection with a server of your own: DATABASE_URL
/// writes, ENERGIFLOW_QUERY_URL (a read-only role made as the README says) reads.
@Suite(.serialized) struct QueryRoleTests {
    /// A fresh migrated database and a read-only role for it, made with the README's statements.
    static func storeWithReader() throws -> (owner: String, reader: String) {
        let fresh = try TestDatabase.fresh(prefix: "reader")
        let name = try #require(fresh["dbname"])
        let ownerURL = try TestDatabase.url().replacingOccurrences(of: "/postgres?", with: "/\(name)?")
        let owner = try DatabaseConnector(environment: ["DATABASE_URL": ownerURL]).connect()
        try owner.executeScript("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'energiflow_reader_test') THEN
                CREATE ROLE energiflow_reader_test LOGIN;
              END IF;
            END $$;
            GRANT CONNECT ON DATABASE \(name) TO energiflow_reader_test;
            GRANT USAGE ON SCHEMA public TO energiflow_reader_test;
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO energiflow_reader_test;
            ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT SELECT ON TABLES TO energiflow_reader_test;
            ALTER ROLE energiflow_reader_test SET default_transaction_read_only = on;
            """)
        let readerURL = ownerURL.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://energiflow_reader_test@")
        return (ownerURL, readerURL)
    }

    @Test func aSuperuserQueryConnectionIsAWarningNotAProblem() throws {
        let (owner, _) = try Self.storeWithReader()
        let postgres = Doctor(environment: ["DATABASE_URL": owner]).checkPostgres()
        #expect(postgres.healthy)
        #expect(postgres.lines.contains("queries: the same role (ENERGIFLOW_QUERY_URL is not set)"))
        #expect(postgres.warnings.count == 1)
        #expect(postgres.warnings.first?.contains("'postgres', a superuser") == true)
        #expect(postgres.warnings.first?.contains("ENERGIFLOW_QUERY_URL") == true)
        #expect(Doctor.render([postgres]).contains("PostgreSQL: ok (1 warning)\n"))
    }

    @Test func aReadOnlyQueryRoleHasNoWarningsAndIsWhatQueriesUse() throws {
        let (owner, reader) = try Self.storeWithReader()
        let environment = ["DATABASE_URL": owner, "ENERGIFLOW_QUERY_URL": reader]
        let postgres = Doctor(environment: environment).checkPostgres()
        #expect(postgres.healthy)
        #expect(postgres.lines.contains { $0.hasPrefix("queries: ENERGIFLOW_QUERY_URL (postgresql://energiflow_reader_test@") })
        #expect(postgres.warnings.isEmpty, "\(postgres.warnings)")

        let connection = try DatabaseConnector(environment: environment).connectForQueries()
        #expect(try connection.query("SELECT current_user::text").scalar?.string == "energiflow_reader_test")
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == 0)
        #expect(throws: PostgresError.self) { try connection.executeScript("BEGIN READ WRITE; DELETE FROM energi_records") }
    }

    @Test func aQueryRoleThatCanWriteIsNamedWithItsTables() throws {
        let (owner, reader) = try Self.storeWithReader()
        let admin = try PostgresConnection(try PostgresConfiguration(url: owner))
        try admin.executeScript("GRANT INSERT ON energi_daily TO energiflow_reader_test")
        let postgres = Doctor(environment: ["DATABASE_URL": owner, "ENERGIFLOW_QUERY_URL": reader]).checkPostgres()
        #expect(postgres.warnings == ["queries log in as 'energiflow_reader_test', which can write energi_daily; queries run read-only, "
                                      + "but give queries a read-only role with ENERGIFLOW_QUERY_URL (README: Security)"])
        try admin.executeScript("REVOKE INSERT ON energi_daily FROM energiflow_reader_test")
    }
}
