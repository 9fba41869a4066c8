import Foundation
import TestSupport
import Testing

/// `energiflow demo` through the built binary, with a private embedded
/// PostgreSQL cluster (--data-dir in the test's home) and its own
/// in-process Kafka, so runs never share anything.
@Suite struct DemoTests {
    /// Runs `body` with a home whose embedded cluster is stopped afterwards.
    func withDemoHome<T>(_ body: (Binary.Home, URL) throws -> T) throws -> T {
        let home = try Binary.Home()
        let cluster = home.root.appendingPathComponent("pg", isDirectory: true)
        defer {
            _ = try? SpawnedRun.energiflow(["db", "stop", "--data-dir", cluster.path],
                                           environment: home.environment(databaseURL: nil), scratch: home.root)
        }
        return try body(home, cluster)
    }

    @Test func withoutATerminalItReplaysTeachesAndExitsZero() throws {
        try withDemoHome { home, cluster in
            let run = try SpawnedRun.energiflow(["demo", "--data-dir", cluster.path],
                                                environment: home.environment(databaseURL: nil, ["COLUMNS": "100"]),
                                                scratch: home.root)
            #expect(run.status == 0, "\(run.stderr)")
            let out = run.stdout
            #expect(out.contains("Source: Energinet, CC BY 4.0"))
            // Every record of the bundled files was replayed and stored (1,681 prices of DK2 and
            // 5,043 of DK1, DE and SE4; the production rows are one per production column of the
            // 1,681 balance records).
            #expect(run.stderr.contains("replayed 8,405 records into Kafka"))
            #expect(!out.contains("error"))
            // The teaching script ran: the decision table of step 5 …
            let step5 = try #require(section(out, from: "Step 5.", to: "Step 6."))
            #expect(step5.contains("decision") && step5.contains("reason"))
            #expect(step5.contains("(30 rows)"))
            for word in ["BUY", "AVOID", "MONITOR"] { #expect(step5.contains(word), "\(word)") }
            // … and the chart of step 6, with its two axes.
            let step6 = try #require(section(out, from: "Step 6.", to: "Step 7."))
            #expect(step6.contains("Daily average price and total production"))
            #expect(step6.contains("EUR/MWh") && step6.contains("MWh"))
            #expect(step6.contains("price (left)") && step6.contains("production (right)"))
            #expect(step6.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille dots")
            // The live steps: a tail of Kafka, then days windowed from Kafka and decided. Those
            // decisions come from another road (Kafka, in memory) than step 5's (the store, in SQL),
            // and must agree for the same days.
            let step9 = try #require(section(out, from: "Step 9.", to: "In the REPL"))
            let lines = step9.split(separator: "\n").filter { $0.hasPrefix("2024-1") }
            #expect(lines.count == 5)
            for line in lines {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 5 else { continue }
                let (day, decision) = (fields[0], fields[4])
                #expect(fields.last == "true")
                let stored = step5.split(separator: "\n").first { $0.hasPrefix(day) }
                #expect(stored?.contains(" \(decision) ") == true, "\(day): \(decision) vs \(stored ?? "none")")
            }
        }
    }

    @Test func onATerminalTheReplOpensTailsTheLiveStreamAndCtrlCStopsTheTail() throws {
        try withDemoHome { home, cluster in
            let repl = try TerminalProcess(
                try Binary.path(), arguments: ["demo", "--data-dir", cluster.path, "--speed", "7200", "--history-days", "60"],
                environment: home.environment(databaseURL: nil, ["TERM": "xterm"]), columns: 120)
            let prompt = "energiflow[demo]> "
            try #require(repl.waitFor(prompt, polls: 6000), "\(repl.output)")
            #expect(repl.output.contains("Source: Energinet, CC BY 4.0"))
            #expect(repl.output.contains("tail prices | table"))

            // New prices arrive (two market hours a second): the tail shows them as they come.
            var mark = repl.mark
            repl.type("tail prices | table\r")
            #expect(repl.waitFor("ElspotP", after: mark, polls: 1500))
            let first = repl.mark
            #expect(repl.waitFor("ElspotP", after: first, polls: 1500), "a second row arrives later")
            repl.type("\u{03}")
            #expect(repl.waitFor("cancelled", after: mark))
            #expect(repl.waitFor(prompt, after: mark))

            // Live windows, decided as they close; the session goes on after the tail (one area: the demo has four areas of prices).
            mark = repl.mark
            repl.type("tail elspot,balance from=beginning to=end area=DK2 | window 1d | decide | where complete = true | limit 3\r")
            #expect(repl.waitFor("2024-08-31", after: mark, polls: 3000))
            // The prompt after the rows (libedit discards what is typed before it is back).
            mark = position(of: "2024-08-31", in: repl.output, after: mark) ?? repl.mark
            #expect(repl.waitFor(prompt, after: mark))
            mark = repl.mark
            repl.type("daily area=DK2 since=2024-09-01 until=2024-09-03 | csv\r")
            #expect(repl.waitFor("2024-09-02,DK2,", after: mark), "\(repl.output.suffix(3000))")
            repl.type(".quit\r")
            #expect(repl.waitForExit(polls: 3000) == 0)
            #expect(repl.output.contains("demo: stopped"))
        }
    }

    /// The byte offset of `text` in `output` after byte `mark`.
    func position(of text: String, in output: String, after mark: Int) -> Int? {
        let bytes = Array(output.utf8), needle = Array(text.utf8)
        guard bytes.count >= needle.count, mark <= bytes.count - needle.count else { return nil }
        for start in mark...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// The text between two markers.
    func section(_ text: String, from start: String, to end: String) -> String? {
        guard let lower = text.range(of: start)?.lowerBound,
              let upper = text.range(of: end, range: lower..<text.endIndex)?.lowerBound else { return nil }
        return String(text[lower..<upper])
    }
}

/// Runs the binary with posix_spawn and waitpid, output to files, stdin
/// from /dev/null. The demo starts a PostgreSQL server that outlives it, and
/// Foundation's Process can then miss the child's exit and wait forever
/// (Services' CommandRunner works around the same thing).
enum SpawnedRun {
    static func energiflow(_ arguments: [String], environment: [String: String], scratch: URL) throws -> Run {
        let program = try Binary.path()
        let out = scratch.appendingPathComponent("run-\(UUID().uuidString).out")
        let err = scratch.appendingPathComponent("run-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, env)
        guard spawned == 0 else { throw Binary.Missing(description: "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signaled = (status & 0x7f) != 0
        return Run(status: signaled ? status & 0x7f : (status >> 8) & 0xff, signaled: signaled,
                   stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
