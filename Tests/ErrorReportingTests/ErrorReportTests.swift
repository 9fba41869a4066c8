import Basics
import ErrorReporting
import Foundation
import Ingest
import Plugins
import Postgres
import Query
import Services
import Stages
import TestSupport
import Testing

/// The one table of exit statuses, against the README, and the one place
/// an error becomes a text and a status. (The binary's exit statuses are
/// checked end to end in EndToEndTests and SecurityTests.)
@Suite struct ExitStatusTableTests {
    /// README.md's "Scripts and exit codes" table, as written.
    static func readmeTable() throws -> String {
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "| exit code | meaning |"), "the README has no exit code table")
        return lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
    }

    @Test func theReadmeTableIsTheTableInCode() throws {
        #expect(try Self.readmeTable() == ErrorReporting.ExitStatus.markdownTable)
    }

    @Test func everyStatusIsDocumentedOnce() {
        let documented = ErrorReporting.ExitStatus.documented.flatMap(\.statuses)
        #expect(documented.count == ErrorReporting.ExitStatus.allCases.count)
        #expect(Set(documented) == Set(ErrorReporting.ExitStatus.allCases))
    }

    /// The statuses a shell gives a process ended by a signal: 128 + the signal.
    @Test func signalStatusesAreWhatAShellReports() {
        #expect(ErrorReporting.ExitStatus.hangup.rawValue == 128 + SIGHUP)
        #expect(ErrorReporting.ExitStatus.interrupted.rawValue == 128 + SIGINT)
        #expect(ErrorReporting.ExitStatus.brokenPipe.rawValue == 128 + SIGPIPE)
        #expect(ErrorReporting.ExitStatus.terminated.rawValue == 128 + SIGTERM)
    }

    @Test func theDocumentedNumbers() {
        #expect(ErrorReporting.ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 129, 130, 141, 143])
    }
}

@Suite struct ErrorReportTests {
    static let source = SourceText("daily area=DK1 | decdie | chart")
    static let range = SourceRange(SourcePosition(offset: 17, line: 1, column: 18), SourcePosition(offset: 23, line: 1, column: 24))

    @Test(arguments: [
        (ExecutionError.Code.query, ErrorReporting.ExitStatus.error),
        (.output, .error),
        (.internal, .error),
        (.connection, .unreachable),
        (.cancelled, .interrupted),
    ])
    func executionErrors(code: ExecutionError.Code, status: ErrorReporting.ExitStatus) {
        let report = ErrorReport(ExecutionError(code, "the connection was lost"))
        #expect(report.status == status)
        #expect(report.text == (code == .cancelled ? "cancelled" : "error: the connection was lost"))
    }

    @Test func aQueryErrorKeepsItsCaret() {
        let error = QueryError(.unknownStage, "unknown stage 'decdie'", at: Self.range, in: Self.source, label: "did you mean 'decide'?")
        let expected = """
            error: unknown stage 'decdie'
              |
            1 | daily area=DK1 | decdie | chart
              |                  ^^^^^^ did you mean 'decide'?
            """
        #expect(ErrorReport(error) == ErrorReport(status: .error, text: expected))
        #expect(ErrorReport(ExecutionError(error)) == ErrorReport(status: .error, text: expected))
    }

    @Test func aPluginErrorIsItsRendering() {
        let error = PluginError(.exitedNonZero, plugin: "zscore", path: "./plugins/energiflow-zscore",
                                "plugin 'zscore' exited with status 2", stderr: "boom")
        #expect(ErrorReport(error) == ErrorReport(status: .error, text: """
            error: plugin 'zscore' exited with status 2
              plugin: ./plugins/energiflow-zscore
              stderr:
                | boom
            """))
    }

    @Test(arguments: [
        (ServiceError.Code.serverNotInstalled, ErrorReporting.ExitStatus.unreachable),
        (.dataDirectory, .unreachable),
        (.serverFailed, .unreachable),
        (.unreachable, .unreachable),
        (.failed, .unreachable),
        (.settings, .error),
    ])
    func serviceErrors(code: ServiceError.Code, status: ErrorReporting.ExitStatus) {
        #expect(ErrorReport(ServiceError(code, "cannot connect to PostgreSQL")) == ErrorReport(status: status, text: "error: cannot connect to PostgreSQL"))
    }

    @Test(arguments: [
        (IngestError.Code.api, ErrorReporting.ExitStatus.error),
        (.badResponse, .error),
        (.file, .error),
        (.kafka, .unreachable),
        (.database, .unreachable),
        (.interrupted, .interrupted),
    ])
    func ingestErrors(code: IngestError.Code, status: ErrorReporting.ExitStatus) {
        #expect(ErrorReport(IngestError(code, "stopped while reading the API")) == ErrorReport(status: status, text: "error: stopped while reading the API"))
    }

    @Test func postgresErrorsOfTheConnectionAreUnreachable() {
        for code in [PostgresError.Code.connectionFailed, .authenticationFailed, .connectionLost] {
            #expect(ErrorReport(PostgresError(code, "server closed the connection")).status == .unreachable)
        }
        let refused = PostgresError(.server, "relation \"x\" does not exist", sqlState: "42P01")
        #expect(ErrorReport(refused) == ErrorReport(status: .error, text: "error: relation \"x\" does not exist (SQLSTATE 42P01)"))
    }

    /// Without time-zone data for the market's zone nothing runs: status 5
    /// and the sentence that says what to install (main checks it first).
    @Test func missingTimeZoneDataIsStatusFive() throws {
        let error = try #require(#expect(throws: TimeZoneDataError.self) { try MarketTimeZone.check(lookup: { _ in nil }) })
        let report = ErrorReport(error)
        #expect(report.status == .noTimeZoneData)
        #expect(report.status.rawValue == 5)
        #expect(report.text == "error: this system has no time-zone data for Europe/Copenhagen, the market's time zone in which "
            + "EnergiFlow counts Danish days; install it (Debian and Ubuntu: apt-get install tzdata) and run again")
    }

    /// Any other error: exit 1 and its description.
    @Test func anythingElseIsAnErrorInItsOwnWords() {
        struct Odd: Error, CustomStringConvertible { var description: String { "something odd" } }
        #expect(ErrorReport(Odd()) == ErrorReport(status: .error, text: "error: something odd"))
    }

    @Test func aPrefixNamesTheCommand() {
        let report = ErrorReport(IngestError(.kafka, "the Kafka consumer failed"))
        #expect(report.text(prefix: "consume") == "consume: error: the Kafka consumer failed")
        #expect(report.text(prefix: nil) == "error: the Kafka consumer failed")
    }
}
