import Foundation
import TestSupport
import Testing

/// Plugins through the binary: they see no secrets, cannot hang EnergiFlow
/// with a pipe held by a grandchild (in --describe or a run), a setsid
/// escape is reported and killed, and stopping EnergiFlow leaves no plugin,
/// grandchild or zombie behind.
@Suite struct PluginContainmentTests {
    /// A trusted ./plugins/energiflow-NAME: `describe` is its --describe
    /// shell code after printing the manifest, `body` the rest.
    func plugin(_ work: Work, _ name: String, kind: String = "source", manifest extra: String = "",
                describe: String = "", body: String) throws {
        try work.write("""
            #!/bin/sh
            if [ "$1" = "--describe" ]; then
              echo '{"name": "\(name)", "kind": "\(kind)", "summary": "A probe."\(extra)}'
              \(describe)
              exit 0
            fi
            \(body)

            """, to: "plugins/energiflow-\(name)", mode: 0o755)
    }

    func pids(_ file: URL) -> [Int32] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    @Test func pluginsSeeNoSecrets() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let seen = work.directory.deletingLastPathComponent().appendingPathComponent("seen")
        try plugin(work, "peek", describe: "env > '\(seen.path).describe'", body: """
            env > '\(seen.path).run'
            echo '{"done": 1}'
            """)
        try plugin(work, "asks", manifest: #", "environment": ["DATABASE_URL", "CO2_API_TOKEN"]"#,
                   body: #"printf '{"url": "%s", "token": "%s"}\n' "$DATABASE_URL" "$CO2_API_TOKEN""#)
        let secrets = [
            "DATABASE_URL": "postgresql://owner:hunter2-db@db.example/energi", "PGPASSWORD": "hunter2-pg",
            "KAFKA_SASL_PASSWORD": "hunter2-kafka", "KAFKA_BROKERS": "broker.example:9092",
            "ENERGIFLOW_QUERY_URL": "postgresql://reader:hunter2-reader@db.example/energi", "CO2_API_TOKEN": "hunter2-token",
        ]
        // Which PostgreSQL does not matter here: the plugin is a source and never connects.
        let run = try work.run(["--trust", "--format", "csv", "-c", "peek"], environment: secrets)
        let plugins = try work.run(["--trust", "-c", ".plugins"], environment: secrets)
        #expect(run.stdout == "done\r\n1\r\n", "\(run.stderr) \(plugins.stdout) \(plugins.stderr)")
        for file in ["describe", "run"] {
            let environment = try String(contentsOfFile: seen.path + "." + file, encoding: .utf8)
            #expect(!environment.contains("hunter2"), "--\(file) saw a secret:\n\(environment)")
            #expect(!environment.contains("KAFKA_") && !environment.contains("PG") && !environment.contains("DATABASE_URL"))
            #expect(environment.contains("PATH=") && environment.contains("HOME="))
        }
        // Asked for in the manifest: still nothing, until the user allows it; then the query role's URL.
        let asked = try work.run(["--trust", "--format", "csv", "-c", "asks"], environment: secrets)
        #expect(asked.stdout == "url,token\r\n\"\",\"\"\r\n", "\(asked.stderr)")
        let listing = try work.run(["--trust", "-c", ".plugins"], environment: secrets)
        #expect(listing.stdout.contains("note: plugin 'asks' asks for DATABASE_URL, CO2_API_TOKEN, which it does not get"))
        try FileManager.default.createDirectory(at: work.config.appendingPathComponent("energiflow"), withIntermediateDirectories: true)
        try "asks DATABASE_URL CO2_API_TOKEN\n".write(to: work.config.appendingPathComponent("energiflow/plugin-secrets"),
                                                   atomically: true, encoding: .utf8)
        let allowed = try work.run(["--trust", "--format", "csv", "-c", "asks"], environment: secrets)
        #expect(allowed.stdout == "url,token\r\npostgresql://reader:hunter2-reader@db.example/energi,hunter2-token\r\n")
        // With the embedded store, DATABASE_URL is the read-only role's.
        let embedded = try work.run(["--trust", "--format", "csv", "-c", "asks"])
        #expect(embedded.stdout.contains("postgresql://energiflow_query@/energiflow?host="), "\(embedded.stdout)")
    }

    @Test func aGrandchildHoldingThePipeHangsNothing() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let file = work.directory.deletingLastPathComponent().appendingPathComponent("held.pids")
        try plugin(work, "holds", describe: "sleep 611 & echo $! >> '\(file.path)'", body: """
            sleep 612 &
            echo $! >> '\(file.path)'
            echo '{"a": 1}'
            """)
        for statement in [".plugins", ".help", "hodls", "holds"] {
            let run = try work.run(["--trust", "-c", statement], timeout: 20)
            #expect(!run.timedOut, "'\(statement)' hung")
            #expect(run.seconds < 8, "'\(statement)' took \(run.seconds) s")
        }
        let held = pids(file)
        #expect(held.count >= 2)
        for pid in held { #expect(eventually(2) { isGone(pid) }, "pid \(pid) outlived energiflow") }
    }

    @Test func aSetsidEscapeIsReportedAndKilled() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let file = work.directory.deletingLastPathComponent().appendingPathComponent("escaped.pids")
        try plugin(work, "flees", body: """
            setsid sleep 613 &
            echo $! >> '\(file.path)'
            echo '{"a": 1}'
            """)
        let run = try work.run(["--trust", "--format", "csv", "-c", "flees"], timeout: 20)
        #expect(run.stdout == "a\r\n1\r\n")
        let escaped = try #require(pids(file).first)
        #expect(run.stderr.contains("warning: flees: left a process running outside its process group (pid \(escaped) (sleep 613)); "
                                    + "energiflow killed it when it ended"), "\(run.stderr)")
        #expect(eventually(2) { isGone(escaped) })
    }

    @Test func stoppingEnergiFlowLeavesNothingBehind() throws {
        let home = SecurityHome.shared
        try home.prepare()
        for signal in [SIGTERM, SIGHUP] {
            let work = try Work(home)
            let file = work.directory.deletingLastPathComponent().appendingPathComponent("all.pids")
            try plugin(work, "lingers", body: """
                echo $$ >> '\(file.path)'
                sleep 614 &
                echo $! >> '\(file.path)'
                setsid sleep 615 &
                echo $! >> '\(file.path)'
                echo '{"a": 1}'
                sleep 616
                """)
            let process = try Spawned(IngestProcess.binary.path, ["--trust", "-c", "lingers"], environment: work.environment(),
                                      directory: work.directory, stdin: nil)
            #expect(eventually(10) { pids(file).count == 3 })
            kill(process.pid, signal)
            let ended = process.finish(timeout: 20)
            #expect(!ended.timedOut)
            #expect(ended.signal == signal, "ended with \(ended.status)")
            for pid in pids(file) { #expect(eventually(2) { isGone(pid) }, "pid \(pid) outlived energiflow (signal \(signal))") }
        }
    }
}
