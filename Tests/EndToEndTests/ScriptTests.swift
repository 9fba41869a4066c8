import Foundation
import Testing

/// The built binary as scripts use it: `-c`, stdin, `run`, formats, colour,
/// and the documented exit codes (0 ok, 1 query error, 2 usage, 3 cannot connect).
@Suite struct ScriptTests {
    @Test func dailyAsCSVEqualsTheStoreRows() throws {
        let home = try Binary.Home()
        let run = try Run.energiflow(["-c", "daily area=DK2 | csv"], environment: home.environment(databaseURL: try Binary.storeURL()))
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let expected = try Store.dailyCSV(area: "DK2")
        #expect(run.stdout == expected)
        #expect(expected.components(separatedBy: "\r\n").count > 300)   // a year of days, not an empty result
    }

    @Test func statementsOnStdinWithCommandLineVariables() throws {
        let home = try Binary.Home()
        let script = """
            # Variables from the command line and from let.
            let until = 2024-09-05
            daily area=$area since=2024-09-01 until=$until
              | csv
            """
        let run = try Run.energiflow(["area=DK1"], environment: home.environment(databaseURL: try Binary.storeURL()), stdin: script)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout == (try Store.dailyCSV(area: "DK1", since: "2024-09-01", until: "2024-09-05")))
    }

    @Test func queryErrorsExitWith1AndPointAtTheText() throws {
        let home = try Binary.Home()
        let env = home.environment(databaseURL: try Binary.storeURL())
        let parse = try Run.energiflow(["-c", "daily area=DK1 | sotr price"], environment: env)
        #expect(parse.status == 1)
        #expect(parse.stdout == "")
        #expect(parse.stderr == """
            error: unknown stage 'sotr'
              |
            1 | daily area=DK1 | sotr price
              |                  ^^^^ did you mean 'sort'?

            """)

        // A script names the line; statements before the error ran.
        let script = try Run.energiflow([], environment: env, stdin: "sql 'select 1 as a' | csv\nsql 'select 1/0 as b'\nsql 'select 3 as c' | csv\n")
        #expect(script.status == 1)
        #expect(script.stdout == "a\r\n1\r\n")
        #expect(script.stderr.contains("division by zero"))
        #expect(script.stderr.contains(" --> <stdin>:2:5"))

        let goingOn = try Run.energiflow(["--continue-on-error"], environment: env,
                                         stdin: "sql 'select 1/0 as b'\nsql 'select 3 as c' | csv\n")
        #expect(goingOn.status == 1)
        #expect(goingOn.stdout == "c\r\n3\r\n")
    }

    @Test func usageErrorsExitWith2() throws {
        let home = try Binary.Home()
        let env = home.environment(databaseURL: try Binary.storeURL())
        for arguments in [["--format", "xml", "-c", "daily"], ["dialy"], ["-c"], ["run"], ["--color=sometimes", "-c", "daily"],
                          ["--no-such-option"], ["-c", "daily", "area"]] {
            let run = try Run.energiflow(arguments, environment: env)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stdout == "")
            #expect(run.stderr.contains("Usage:") || run.stderr.contains("error"), "\(arguments)")
        }
        let help = try Run.energiflow(["--help"], environment: env)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes: 0 success, 1 query error, 2 usage error,\n3 cannot connect to PostgreSQL or Kafka"))
    }

    @Test func anUnreachableDatabaseExitsWith3() throws {
        let home = try Binary.Home()
        let run = try Run.energiflow(["-c", "daily area=DK1 | csv"],
                                     environment: home.environment(databaseURL: "postgres://x@127.0.0.1:1/x"))
        #expect(run.status == 3)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("error: cannot connect to PostgreSQL"))
        #expect(run.stderr.contains("DATABASE_URL"))
        // Statements that need no database do not connect.
        let offline = try Run.energiflow(["-c", "let a = 1; .print 'no database needed'"],
                                         environment: home.environment(databaseURL: "postgres://x@127.0.0.1:1/x"))
        #expect(offline.status == 0)
        #expect(offline.stdout == "no database needed\n")
    }

    @Test func runsASavedQueryByNameAndByPathWithParameters() throws {
        let home = try Binary.Home()
        let env = home.environment(databaseURL: try Binary.storeURL())
        let file = home.work.appendingPathComponent("queries/week.efq")
        try """
            # Daily figures for a few days.
            # param area = DK1
            # param since
            daily area=$area since=$since until=2024-09-08 | csv

            """.write(to: file, atomically: true, encoding: .utf8)
        // ./queries is used only in a trusted directory (here: --trust for the run).
        let untrusted = try Run.energiflow(["run", "week", "area=DK2", "since=2024-09-02"], environment: env, directory: home.work)
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("./queries/week.efq is not used: this directory is not trusted"))
        let byName = try Run.energiflow(["run", "--trust", "week", "area=DK2", "since=2024-09-02"], environment: env, directory: home.work)
        #expect(byName.status == 0)
        #expect(byName.stderr == "")
        #expect(byName.stdout == (try Store.dailyCSV(area: "DK2", since: "2024-09-02", until: "2024-09-08")))

        let byPath = try Run.energiflow(["run", file.path, "since=2024-09-06"], environment: env)
        #expect(byPath.status == 0)
        #expect(byPath.stdout == (try Store.dailyCSV(area: "DK1", since: "2024-09-06", until: "2024-09-08")))

        let missing = try Run.energiflow(["run", "--trust", "week"], environment: env, directory: home.work)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: query 'week' needs parameter 'since'\n --> queries/week.efq:3:9"))
        let unknown = try Run.energiflow(["run", "--trust", "week", "sinse=2024-09-01"], environment: env, directory: home.work)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("query 'week' has no parameter 'sinse'"))
        #expect(unknown.stderr.contains("did you mean 'since'?"))
        let nowhere = try Run.energiflow(["run", "--trust", "weak"], environment: env, directory: home.work)
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr.contains("no saved query named 'weak'"))
        #expect(nowhere.stderr.contains("did you mean 'week'?"))
    }

    @Test func jsonFormatWritesOneObjectPerRow() throws {
        let home = try Binary.Home()
        let run = try Run.energiflow(["--format", "json", "-c", "daily area=DK1 since=2024-03-01 until=2024-03-04"],
                                     environment: home.environment(databaseURL: try Binary.storeURL()))
        #expect(run.status == 0)
        let objects = try run.stdout.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let rows = try Store.connection().query(
            "SELECT day::text, avg_price_eur FROM energi_daily WHERE price_area = 'DK1' AND day >= '2024-03-01' AND day < '2024-03-04' ORDER BY day")
        #expect(objects.count == 3)
        #expect(objects.map { $0["day"] as? String } == rows.rows.map { $0[0].string })
        #expect(objects.map { $0["area"] as? String } == ["DK1", "DK1", "DK1"])
        #expect(objects.map { $0["price"] as? Double } == rows.rows.map { $0[1].double })
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let home = try Binary.Home()
        let url = try Binary.storeURL()
        let statement = ["-c", "daily area=DK2 since=2024-09-01 until=2024-09-03"]
        let piped = try Run.energiflow(statement, environment: home.environment(databaseURL: url))
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("(2 rows)"))
        #expect(!piped.stdout.contains("\u{1B}"))
        let noColor = try Run.energiflow(statement, environment: home.environment(databaseURL: url, ["NO_COLOR": "1"]))
        #expect(!noColor.stdout.contains("\u{1B}"))
        let forced = try Run.energiflow(["--color", "always"] + statement, environment: home.environment(databaseURL: url))
        #expect(forced.stdout.contains("\u{1B}["))
        let never = try Run.energiflow(["--color=never"] + statement, environment: home.environment(databaseURL: url))
        #expect(!never.stdout.contains("\u{1B}"))
        #expect(never.stdout == piped.stdout)
    }

    @Test func aClosedPipeIsAnErrorNotASignal() throws {
        let home = try Binary.Home()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Binary.path())
        process.arguments = ["-c", "sql 'select generate_series(1, 2000000) as i' | csv"]
        process.environment = home.environment(databaseURL: try Binary.storeURL())
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        _ = output.fileHandleForReading.readData(ofLength: 16)
        try output.fileHandleForReading.close()   // like `| head -c 16`
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)   // not killed by SIGPIPE
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: stderr, as: UTF8.self).contains("cannot write"))
    }
}
