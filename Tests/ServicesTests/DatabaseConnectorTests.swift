import ErrorReporting
import Foundation
import Postgres
import Services
import TestSupport
import Testing

@Suite struct DatabaseConnectorTests {
    @Test func anUnreachableServerFailsFastNamingItAndTheVariable() throws {
        let connector = DatabaseConnector(environment: ["DATABASE_URL": "postgres://someone:s3cret-pw@127.0.0.1:1/db?connect_timeout=3"])
        let started = Date()
        let error = try #require(throws: ServiceError.self) { try connector.connect() }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(error.code == .unreachable)
        #expect(ErrorReport(error).status == .unreachable)
        #expect(error.message.contains("127.0.0.1"))
        #expect(error.message.contains("DATABASE_URL"))
        #expect(!error.message.contains("s3cret-pw"))
    }

    @Test func aWrongPasswordShowsTheServersMessageMasked() throws {
        let admin = try PostgresConnection(TestDatabase.configuration())
        try admin.executeScript("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'energiflow_password_test') THEN
                CREATE ROLE energiflow_password_test LOGIN PASSWORD 'the-right-one';
              END IF;
            END $$
            """)
        let base = try TestDatabase.configuration()
        let socket = try #require(base["host"])
        let port = base["port"] ?? "5432"
        let url = "postgresql://energiflow_password_test:Wr0ng-Passw0rd@/postgres?host=\(socket)&port=\(port)"
        let error = try #require(throws: ServiceError.self) { try DatabaseConnector(environment: ["DATABASE_URL": url]).connect() }
        #expect(error.message.contains("password authentication failed"))
        #expect(!error.message.contains("Wr0ng-Passw0rd"))
        let cause = try #require(error.cause as? PostgresError, "the PostgreSQL error is kept")
        #expect(cause.code == .authenticationFailed)
        #expect(!String(describing: cause).contains("Wr0ng-Passw0rd"))
    }

    @Test func aConfiguredDatabaseIsMigratedOnConnect() throws {
        let fresh = try TestDatabase.fresh(prefix: "connector")
        let url = try TestDatabase.url().replacingOccurrences(of: "/postgres?", with: "/\(fresh["dbname"]!)?")
        let connection = try DatabaseConnector(environment: ["DATABASE_URL": url]).connect()
        #expect(try connection.query("SELECT count(*) FROM energi_schema_versions").scalar?.int ?? 0 > 0)
    }

    @Test func targetsAreChosenByVariables() {
        if case .url = DatabaseTarget.resolve(environment: ["DATABASE_URL": "postgres://x"]) {} else { Issue.record("DATABASE_URL ignored") }
        if case .environment(let names) = DatabaseTarget.resolve(environment: ["PGHOST": "db", "PGPORT": "6543"]) {
            #expect(names == ["PGHOST", "PGPORT"])
        } else { Issue.record("PG* variables ignored") }
        if case .embedded(let cluster) = DatabaseTarget.resolve(environment: ["HOME": "/home/x", "XDG_DATA_HOME": "/data"]) {
            #expect(cluster.directory.path == "/data/energiflow/postgres")
        } else { Issue.record("expected the embedded cluster") }
    }
}
