import ErrorReporting
import Foundation
import Postgres
import Query
import Shell
import Stages
import Testing

/// Statements through a session on the recorded store: results against
/// independent SQL, variables, explain, errors, continue-on-error, exit codes.
@Suite struct SessionStatementTests {
    @Test func aPipelineWithAVariableWritesTheStoreRowsAsCSV() throws {
        let shell = try TestShell()
        let csv = shell.results("let a = DK2\ndaily area=$a since=2024-09-01 until=2024-09-08 | csv")
        #expect(shell.messages.text == "")
        let expected = try Store.dailyCSV(area: "DK2", since: "2024-09-01", until: "2024-09-08")
        #expect(csv == expected)
        #expect(expected.components(separatedBy: "\r\n").count == 9)   // header, 7 days, final empty

        // And the daily figures are what the raw hourly rows say.
        let raw = try Store.connection().query("""
            SELECT (timestamp AT TIME ZONE 'Europe/Copenhagen')::date::text, avg(spot_price_eur), min(spot_price_eur), max(spot_price_eur)
            FROM energi_records WHERE price_area = 'DK2' AND spot_price_eur IS NOT NULL
              AND timestamp >= '2024-09-01 00:00+02' AND timestamp < '2024-09-08 00:00+02'
            GROUP BY 1 ORDER BY 1
            """)
        let lines = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(lines.count == raw.count)
        for (line, row) in zip(lines, raw.rows) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields[0] == row[0].string)
            for (i, column) in [(2, 1), (3, 2), (4, 3)] {
                let shown = try #require(Double(fields[i]))
                let computed = try #require(row[column].double)
                #expect(abs(shown - computed) <= 1e-9 * max(1, abs(computed)), "day \(fields[0]) column \(i)")
            }
        }
    }

    @Test func statementsSeparatedBySemicolonsRunInOrder() throws {
        let shell = try TestShell(settings: ShellSettings(mode: .csv))
        let text = shell.results("sql 'select 1 as one'; sql 'select 2 as two'")
        #expect(text == "one\r\n1\r\ntwo\r\n2\r\n")
    }

    @Test func explainShowsTheSQLWithoutRunningIt() throws {
        let shell = try TestShell()
        let text = shell.results("explain daily area=DK2 last=7d | sort price desc | limit 3")
        #expect(text.contains("energi_daily"))
        #expect(text.contains("LIMIT"))
        #expect(shell.messages.text == "")
    }

    @Test func anErrorPointsAtTheTextAndWritesNoResults() throws {
        let shell = try TestShell()
        let outcome = shell.run("daily area=DK1 | sotr price")
        #expect(outcome == .failure(.error))
        #expect(shell.output.text == "")
        #expect(shell.messages.text == """
            error: unknown stage 'sotr'
              |
            1 | daily area=DK1 | sotr price
              |                  ^^^^ did you mean 'sort'?

            """)
    }

    @Test func aServerErrorIsAQueryError() throws {
        let shell = try TestShell()
        #expect(shell.run("sql 'select 1/0 as x'") == .failure(.error))
        #expect(shell.messages.text.contains("division by zero"))
    }

    @Test func stopsAtTheFirstErrorUnlessAskedToGoOn() throws {
        let script = "sql 'select 1 as a'; sql 'select nope'; sql 'select 3 as c'"
        let stopping = try TestShell(settings: ShellSettings(mode: .csv))
        #expect(stopping.run(script) == .failure(.error))
        #expect(stopping.output.text == "a\r\n1\r\n")

        let going = try TestShell(settings: ShellSettings(mode: .csv, continueOnError: true))
        #expect(going.run(script) == .failure(.error))   // the first failure is still reported
        #expect(going.output.text == "a\r\n1\r\nc\r\n3\r\n")
        #expect(going.messages.text.contains("nope"))
    }

    @Test func aServerThatCannotBeReachedIsExitCode3() throws {
        let unreachable = LazyDatabase(try PostgresConfiguration(url: "postgres://x@127.0.0.1:1/x"))
        let shell = try TestShell(settings: ShellSettings(continueOnError: true), database: unreachable)
        #expect(shell.run("daily area=DK1; sql 'select 1 as a'") == .failure(.unreachable))
        #expect(shell.messages.text.hasPrefix("error: "))
        // A connection error stops even with continue-on-error: one message, not two.
        #expect(shell.messages.text.components(separatedBy: "error:").count == 2)
        // Statements that need no database still work.
        #expect(shell.run("let x = 1") == .success)
    }

    @Test func variablesLiveAcrossRunsAndUnknownOnesAreNamed() throws {
        let shell = try TestShell(settings: ShellSettings(mode: .csv))
        #expect(shell.run("let n = 2") == .success)
        #expect(shell.results("sql 'select generate_series(1, 5) as i' | limit $n") == "i\r\n1\r\n2\r\n")
        #expect(shell.run("daily area=$aera") == .failure(.error))
        #expect(shell.messages.text.contains("unknown variable '$aera'"))
    }
}
