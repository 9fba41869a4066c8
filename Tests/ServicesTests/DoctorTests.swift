import Foundation
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
