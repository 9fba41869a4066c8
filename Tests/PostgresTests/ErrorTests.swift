import Foundation
import Testing
import Postgres
import TestSupport

@Suite struct ErrorTests {
    func error(_ body: () throws -> Void) -> PostgresError? {
        do {
            try body()
            return nil
        } catch {
            return error as? PostgresError
        }
    }

    @Test func uniqueViolationCarriesSQLStateAndDetail() throws {
        let connection = try freshConnection("unique")
        try connection.executeScript("CREATE TABLE prices (hour timestamptz, area text, CONSTRAINT prices_key UNIQUE (hour, area))")
        try connection.execute("INSERT INTO prices VALUES ('2024-01-01 00:00+00', $1)", ["DK1"])
        let failure = error { try connection.execute("INSERT INTO prices VALUES ('2024-01-01 00:00+00', $1)", ["DK1"]) }
        #expect(failure?.code == .server)
        #expect(failure?.sqlState == PostgresError.uniqueViolation)
        #expect(failure?.message == "duplicate key value violates unique constraint \"prices_key\"")
        #expect(failure?.detail == "Key (hour, area)=(2024-01-01 00:00:00+00, DK1) already exists.")
        #expect(failure?.constraint == "prices_key")
        #expect(failure?.table == "prices")
        #expect(failure?.severity == "ERROR")
        // The connection goes on.
        #expect(try connection.query("SELECT count(*) FROM prices").scalar == .int(1))
    }

    @Test func syntaxErrorPointsAtThePosition() throws {
        let connection = try serverConnection()
        let failure = error { _ = try connection.query("SELECT 1 FROM WHERE x") }
        #expect(failure?.sqlState == "42601")
        #expect(failure?.position == 15)
        let hinted = error { _ = try connection.query("SELECT * FROM pg_class WHERE relnam = 'x'") }
        #expect(hinted?.sqlState == "42703")
        #expect(hinted?.hint?.contains("relname") == true)
        #expect(hinted.map { "\($0)" }?.contains("Hint:") == true)
    }

    @Test func wrongPasswordShowsTheServersMessageMasked() throws {
        let admin = try serverConnection()
        let role = "energiflow_password_test"
        let right = "right-Pw-\(UInt32.random(in: 0...UInt32.max))"
        // The role may exist from an earlier run; its password is set afresh either way.
        try admin.executeScript("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                CREATE ROLE \(role) LOGIN;
              END IF;
            END $$;
            ALTER ROLE \(role) LOGIN PASSWORD '\(right)';
            """)
        var configuration = try TestDatabase.configuration()
        configuration["user"] = role
        // Over the same socket: the server's pg_hba.conf checks this role's password (scram).
        configuration["password"] = right
        let good = try PostgresConnection(configuration)
        #expect(try good.query("SELECT current_user").scalar == .text(role))

        let wrong = "Wr0ng-Pa55-\(UInt32.random(in: 0...UInt32.max))"
        let socket = try #require(configuration["host"])
        let port = try #require(configuration["port"])
        let url = "postgresql://\(role):\(wrong)@/postgres?host=\(socket)&port=\(port)"
        let failure = error { _ = try PostgresConnection(PostgresConfiguration(url: url)) }
        let text = failure.map { "\($0) \($0.message) \($0.underlying ?? "") \(String(reflecting: $0))" } ?? ""
        #expect(failure?.code == .authenticationFailed)
        #expect(failure?.message.contains("password authentication failed for user \"\(role)\"") == true)
        #expect(failure?.message.contains("DATABASE_URL") == true)
        #expect(failure?.message.contains(socket) == true)
        #expect(!text.contains(wrong))
        #expect(!text.contains("Wr0ng"))
        #expect(try PostgresConfiguration(url: url).redactedDescription.contains(wrong) == false)
    }

    @Test func unreachableTCPPortFailsQuicklyNamingHostAndPort() throws {
        let port = try unusedPort()
        let started = Date()
        let failure = error { _ = try PostgresConnection(PostgresConfiguration(url: "postgresql://nobody:pw-1234@127.0.0.1:\(port)/db")) }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(failure?.code == .connectionFailed)
        #expect(failure?.message.contains("127.0.0.1:\(port)") == true)
        #expect(failure?.message.contains("DATABASE_URL") == true)
        #expect(failure?.message.contains("start the server") == true)
        #expect(failure.map { "\($0)" }?.contains("pw-1234") == false)
    }

    @Test func missingSocketDirectoryFailsQuicklyNamingIt() throws {
        let directory = "/tmp/energiflow-no-such-dir-\(UInt32.random(in: 0...UInt32.max))"
        let started = Date()
        let failure = error {
            _ = try PostgresConnection(PostgresConfiguration(keywords: ["host": directory, "port": "5999", "user": "x"], origin: "PGHOST"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(failure?.code == .connectionFailed)
        #expect(failure?.message.contains(directory) == true)
        #expect(failure?.message.contains("5999") == true)
        #expect(failure?.message.contains("Check PGHOST") == true)
    }

    @Test func blackholedAddressFailsWithinTheConnectTimeout() throws {
        // 10.255.255.1 is normally unrouted: the SYN goes unanswered (or is refused at once).
        var configuration = try PostgresConfiguration(url: "postgresql://x@10.255.255.1:5432/db")
        configuration.connectTimeout = 2
        let started = Date()
        let failure = error { _ = try PostgresConnection(configuration) }
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(failure?.code == .connectionFailed)
        #expect(failure?.message.contains("10.255.255.1:5432") == true)
    }

    @Test func missingDatabaseIsNamed() throws {
        let configuration = try TestDatabase.configuration().database("no_such_database_here")
        let failure = error { _ = try PostgresConnection(configuration) }
        #expect(failure?.code == .connectionFailed)
        #expect(failure?.message.contains("database \"no_such_database_here\" does not exist") == true)
    }

    /// A TCP port on 127.0.0.1 nothing listens on: bind one, note it, close it.
    func unusedPort() throws -> Int {
        #if os(Linux)
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Foundation.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
