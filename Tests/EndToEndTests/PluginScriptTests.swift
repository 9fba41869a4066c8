import Foundation
import Testing

/// Plugins and shipped queries through the binary, and Ctrl-C in a script.
@Suite struct PluginScriptTests {
    /// ./plugins/energiflow-crash in `home.work`: describes itself, then fails when run.
    func addCrashingPlugin(_ home: Binary.Home) throws {
        let directory = home.work.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("energiflow-crash")
        try """
            #!/bin/sh
            if [ "$1" = "--describe" ]; then
              echo '{"name": "crash", "kind": "transform", "summary": "Always fails."}'
              exit 0
            fi
            echo 'crash: out of cheese' >&2
            exit 4

            """.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    @Test func aFailingPluginFailsTheScriptWith1() throws {
        let home = try Binary.Home()
        try addCrashingPlugin(home)
        let env = home.environment(databaseURL: try Binary.storeURL())
        let run = try Run.energiflow(["--trust"], environment: env,
                                     stdin: "sql 'select 1 as a' | csv\nsql 'select 2 as b' | crash | csv\nsql 'select 3 as c' | csv\n",
                                     directory: home.work)
        #expect(run.status == 1)
        #expect(run.stdout == "a\r\n1\r\n")
        #expect(run.stderr.contains("crash"))
        #expect(run.stderr.contains("out of cheese"))
        #expect(run.stderr.contains("<stdin>:2"))

        let listed = try Run.energiflow(["--trust", "-c", ".plugins"], environment: env, directory: home.work)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("crash"))
        #expect(listed.stdout.contains("./plugins"))
    }

    @Test func theREPLSurvivesAFailingPlugin() throws {
        let home = try Binary.Home()
        try addCrashingPlugin(home)
        // The REPL runs in home.work so ./plugins is found: start it through sh.
        let binary = try Binary.path()
        let repl = try TerminalProcess("/bin/sh", arguments: ["-c", "cd '\(home.work.path)' && exec '\(binary)' --trust"],
                                       environment: home.environment(databaseURL: try Binary.storeURL(), ["TERM": "xterm"]))
        try #require(repl.waitFor(REPLTests.prompt))
        var mark = repl.mark
        repl.type("sql 'select 1 as a' | cr\t")
        #expect(repl.waitFor("ash ", after: mark))   // completion knows the plugin
        repl.type("\r")
        #expect(repl.waitFor("out of cheese", after: mark))
        #expect(repl.waitFor(REPLTests.prompt, after: mark))
        mark = repl.mark
        repl.type("sql 'select 5 as five'\r")
        #expect(repl.waitFor("(1 row)", after: mark))
        #expect(repl.waitFor(REPLTests.prompt, after: mark))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
    }

    @Test func shippedQueriesAndRulesAreFoundFromTheBinary() throws {
        let home = try Binary.Home()
        let env = home.environment(databaseURL: try Binary.storeURL())
        let run = try Run.energiflow(["run", "decisions", "--format", "csv", "area=DK2", "last=5d"], environment: env, directory: home.work)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "day,area,price,production,decision,reason")
        let days = try Store.connection().query(
            "SELECT day::text FROM energi_daily WHERE price_area = 'DK2' ORDER BY day DESC LIMIT 5").rows.compactMap { $0[0].string }
        #expect(lines.dropFirst().map { String($0.prefix(10)) } == days.reversed())
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count >= 5 && ["BUY", "AVOID", "MONITOR"].contains(String(fields[4])), "\(line)")
        }
        let listing = try Run.energiflow(["-c", ".queries"], environment: env, directory: home.work)
        for name in ["daily-summary", "decisions", "teach"] { #expect(listing.stdout.contains(name)) }
    }

    @Test func ctrlCInAScriptCancelsAndExitsWith130() throws {
        let home = try Binary.Home()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Binary.path())
        let sleep = try SleepingQuery()
        defer { sleep.drop() }
        process.arguments = ["-c", "sql '\(sleep.select)' | csv; sql 'select 1 as never' | csv"]
        process.environment = home.environment(databaseURL: sleep.url)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try #require(try sleep.waitUntilRunning())
        process.interrupt()   // SIGINT
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(stderr == "cancelled\n")
        #expect(!stdout.contains("never"))
    }
}
