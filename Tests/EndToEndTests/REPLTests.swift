import Foundation
import Postgres
import TestSupport
import Testing

/// The REPL through a pseudo-terminal: prompt, history across runs, Tab
/// completion, multi-line statements, Ctrl-C at the prompt and during a
/// query, Ctrl-D.
@Suite struct REPLTests {
    static let prompt = "energiflow[postgres]> "

    /// The REPL in the home's clean work directory (in the repository's root
    /// it would first ask whether to trust ./plugins).
    func start(_ home: Binary.Home, databaseURL: String? = nil) throws -> TerminalProcess {
        let url = try databaseURL ?? Binary.storeURL()
        return try TerminalProcess("/bin/sh", arguments: ["-c", "cd '\(home.work.path)' && exec '\(try Binary.path())'"],
                                   environment: home.environment(databaseURL: url, ["TERM": "xterm"]))
    }

    @Test func historyPersistsAcrossRunsOneEntryPerStatement() throws {
        let home = try Binary.Home()
        do {
            let repl = try start(home)
            try #require(repl.waitFor(Self.prompt))
            repl.type("sql 'select 41 + 1 as answer'\r")
            #expect(repl.waitFor("42"))
            #expect(repl.waitFor("(1 row)"))
            // A statement over two lines: the continuation prompt, then one history entry.
            var mark = repl.mark
            repl.type("sql 'select 5 as five' |\r")
            #expect(repl.waitFor("...> ", after: mark))
            mark = repl.mark
            repl.type("csv\r")
            #expect(repl.waitFor("five", after: mark))
            #expect(repl.waitFor(Self.prompt, after: mark))
            repl.type("\u{04}")
            #expect(repl.waitForExit() == 0)
        }
        let saved = try String(contentsOf: home.historyFile, encoding: .utf8)
        #expect(saved.hasSuffix("sql 'select 41 + 1 as answer'\nsql 'select 5 as five' |\\ncsv\n"))

        let again = try start(home)
        try #require(again.waitFor(Self.prompt))
        var mark = again.mark
        again.type("\u{10}\u{10}\r")   // Ctrl-P twice: the first statement of the last run
        #expect(again.waitFor("42", after: mark))
        #expect(again.waitFor(Self.prompt, after: mark))
        mark = again.mark
        again.type(".history\r")
        #expect(again.waitFor("2  sql 'select 5 as five' |\r\n   csv", after: mark))
        #expect(again.waitFor("3  sql 'select 41 + 1 as answer'", after: mark))
        again.type(".quit\r")
        #expect(again.waitForExit() == 0)
    }

    @Test func tabCompletesStageNamesAndValues() throws {
        let home = try Binary.Home()
        let repl = try start(home)
        try #require(repl.waitFor(Self.prompt))
        var mark = repl.mark
        // "dai" → "daily" (the stage and the shipped query daily-summary share it;
        // libedit redraws "dai", then inserts "ly").
        repl.type("dai\t")
        #expect(repl.waitFor("ly", after: mark))
        mark = repl.mark
        repl.type(" area=DK2 since=2024-09-01 until=2024-09-03 | cs\t")
        #expect(repl.waitFor("v ", after: mark))
        repl.type("\r")
        // What ran is what completion wrote: daily … | csv.
        #expect(repl.waitFor("day,area,price", after: mark))
        #expect(repl.waitFor("2024-09-02,DK2,", after: mark))
        // Ctrl-C at the prompt throws the line away.
        mark = repl.mark
        repl.type("daily oops\u{03}")
        #expect(repl.waitFor(Self.prompt, after: mark))
        mark = repl.mark
        repl.type("sql 'select 3 as three'\r")
        #expect(repl.waitFor("(1 row)", after: mark))
        #expect(repl.waitFor(Self.prompt, after: mark))
        #expect(!repl.output.contains("oops'"))
        #expect(!repl.output.contains("unknown"))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
    }

    @Test func ctrlCCancelsARunningQueryAndThePromptReturns() throws {
        let home = try Binary.Home()
        let sleep = try SleepingQuery()
        defer { sleep.drop() }
        let repl = try start(home, databaseURL: sleep.url)
        try #require(repl.waitFor(Self.prompt))
        var mark = repl.mark
        repl.type("sql '\(sleep.select)'\r")

        // Wait until PostgreSQL runs it (in a database of its own: no other test's sleep), then press Ctrl-C.
        try #require(try sleep.waitUntilRunning(), "the query never started")
        let pressed = Date()
        repl.type("\u{03}")
        // Well before pg_sleep's 30 s.
        #expect(repl.waitFor("cancelled", after: mark, polls: 1500))
        let seconds = Date().timeIntervalSince(pressed)
        print("Ctrl-C to 'cancelled': \(String(format: "%.2f", seconds)) s")
        #expect(repl.waitFor(Self.prompt, after: mark))
        #expect(try !sleep.isRunning())

        // The session goes on.
        mark = repl.mark
        repl.type("sql 'select 7 as seven'\r")
        #expect(repl.waitFor("(1 row)", after: mark))
        #expect(repl.waitFor(Self.prompt, after: mark))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
    }

    @Test func startToFirstPrompt() throws {
        let home = try Binary.Home()
        // Through the terminal: from spawning the process to the prompt on the screen.
        var figures: [Double] = []
        for _ in 0..<5 {
            let began = DispatchTime.now()
            let repl = try start(home)
            try #require(repl.waitFor(Self.prompt, polls: 3000))
            figures.append(Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e6)
            repl.type("\u{04}")
            #expect(repl.waitForExit() == 0)
        }
        print("start to first prompt (pty, ms): " + figures.map { String(format: "%.1f", $0) }.joined(separator: ", "))

        // The probe scripts/bench uses: prints the prompt and the time, exits 0, connects to nothing.
        let probe = try Run.energiflow([], environment: home.environment(databaseURL: "postgres://x@127.0.0.1:1/x",
                                                                         ["ENERGIFLOW_STARTUP_PROBE": "1"]))
        #expect(probe.status == 0)
        #expect(probe.stdout == Self.prompt)
        #expect(probe.stderr.contains("startup: "))
        print("probe: \(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
