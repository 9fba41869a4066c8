import ErrorReporting
import Foundation
import Postgres
import Services
import Testing

@Suite(.serialized) struct EmbeddedPostgresTests {
    func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/energiflow-embedded-test-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func startsConnectsAndStops() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["HOME": "/nonexistent", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let connector = DatabaseConnector(environment: environment, dataDirectory: directory)
        guard case .embedded(let cluster) = connector.target else { Issue.record("expected the embedded cluster"); return }
        defer { _ = try? cluster.stop() }
        #expect(cluster.status().running == false)
        let connection = try connector.connect()
        #expect(cluster.status().running)
        #expect(cluster.status().initialized)
        #expect(try connection.query("SELECT current_database()").scalar?.string == "energiflow")
        #expect(try connection.query("SELECT count(*) FROM energi_schema_versions").scalar?.int ?? 0 > 0)
        #expect(try cluster.start() == false, "a second start finds it running")
        // The socket lives in the directory and nothing listens on TCP.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".s.PGSQL.5432").path))
        #expect(try connection.query("SHOW listen_addresses").scalar?.string == "")
        #expect(try cluster.stop())
        #expect(cluster.status().running == false)
        #expect(try cluster.stop() == false)
    }

    @Test func aDirectoryOfAnotherVersionIsLeftUntouched() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "9.6\n".write(to: data.appendingPathComponent("PG_VERSION"), atomically: true, encoding: .utf8)
        let before = try FileManager.default.attributesOfItem(atPath: directory.path)
        let cluster = EmbeddedPostgres(directory: directory)
        let error = try #require(throws: ServiceError.self) { try cluster.start() }
        #expect(error.code == .dataDirectory)
        #expect(error.message.contains("PostgreSQL 9.6"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path) == ["PG_VERSION"])
        let after = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect(before[.ownerAccountID] as? Int == after[.ownerAccountID] as? Int)
    }

    @Test func missingServerProgramsSayWhatToInstall() throws {
        let error = try #require(throws: ServiceError.self) { try PostgresServerBinaries.locate(searching: ["/nonexistent/bin"]) }
        #expect(error.code == .serverNotInstalled)
        #expect(ErrorReport(error).status == .unreachable)
        #expect(error.message.contains("apt-get install postgresql"))
        #expect(error.message.contains("DATABASE_URL"))
    }
}
