import ChildProcesses
import Foundation
@testable import Plugins
import Query
import Tabular
import Testing

/// What a plugin leaves behind never hangs EnergiFlow and never outlives
/// the run: a background child still holding stdout, one that escaped the
/// process group with setsid, and the same during --describe. (Stopping
/// every plugin when EnergiFlow is told to stop, `PluginProcesses.terminateAll`,
/// is tested through the binary in SecurityTests: here it would kill the
/// plugins of the tests running alongside.)
@Suite struct LeftoverProcessTests {
    /// The pid a plugin wrote to `file`.
    func pid(in file: String) throws -> Int32 {
        try #require(Int32(String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Gone for good: not running, and not a zombie either (EnergiFlow reaps
    /// what it killed; this machine's init, like many containers', reaps nothing).
    func isGone(_ pid: Int32) -> Bool {
        pid > 0 && kill(pid, 0) != 0 && errno == ESRCH
    }

    @Test func aBackgroundChildHoldingStdoutNeitherHangsTheRunNorOutlivesIt() throws {
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("child.pid").path
        let plugin = try fixture.plugin("holds", kind: "source", body: """
        sleep 600 &
        echo $! > \(pidFile)
        echo '{"a": 1}'
        echo '{"a": 2}'
        exit 0
        """)
        let started = Date()
        let run = try plugin.start(arguments: [], input: nil, options: PluginRunOptions(timeout: 30))
        let rows = try run.collect()
        #expect(Date().timeIntervalSince(started) < 3, "the run waited for the background child")
        #expect(rows.rows == [[.int(1)], [.int(2)]])
        #expect(run.escaped.isEmpty, "a child in the group is not an escape")
        let child = try pid(in: pidFile)
        #expect(eventually(2) { isGone(child) }, "sleep 600 (pid \(child)) is still there")
    }

    @Test func aSetsidChildIsKilledReapedAndReported() throws {
        guard ProcessSweep.isSupported else { return }
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("escaped.pid").path
        let plugin = try fixture.plugin("escapes", kind: "source", body: """
        setsid sleep 601 &
        echo $! > \(pidFile)
        echo '{"a": 1}'
        """)
        let started = Date()
        let run = try plugin.start(arguments: [], input: nil)
        #expect(try run.collect().rows == [[.int(1)]])
        #expect(Date().timeIntervalSince(started) < 3)
        let child = try pid(in: pidFile)
        #expect(run.escaped.map(\.pid) == [child])
        #expect(run.escaped.first?.command == "sleep 601")
        #expect(run.escapeWarning == "left a process running outside its process group (pid \(child) (sleep 601)); "
                                     + "energiflow killed it when it ended")
        #expect(eventually(2) { isGone(child) })
    }

    @Test func describeUnderTheSameRulesInItsOwnTime() throws {
        let fixture = try PluginFixture()
        let dir = try fixture.directory("describe")
        let groupPid = fixture.root.appendingPathComponent("group.pid").path
        let escapedPid = fixture.root.appendingPathComponent("escaped.pid").path
        try fixture.write("""
            #!/bin/sh
            echo '\(PluginFixture.manifest("lingers", kind: "source"))'
            sleep 602 &
            echo $! > \(groupPid)
            exit 0
            """, to: "energiflow-lingers", in: dir)
        try fixture.write("""
            #!/bin/sh
            echo '\(PluginFixture.manifest("flees", kind: "source"))'
            setsid sleep 603 &
            echo $! > \(escapedPid)
            exit 0
            """, to: "energiflow-flees", in: dir)
        try fixture.shellPlugin("never", in: dir, describe: PluginFixture.manifest("never"), body: "")
        try fixture.write("#!/bin/sh\nexec sleep 604\n", to: "energiflow-hangs", in: dir)
        let started = Date()
        let catalog = PluginDiscovery(directories: [PluginDirectory(dir, origin: .project)], describeTimeout: 1).discover()
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(catalog.plugin(named: "lingers") != nil)
        #expect(catalog.plugin(named: "never") != nil)
        #expect(catalog.entry(named: "hangs")?.error?.code == .describeTimedOut, "\(catalog.entry(named: "hangs")?.error?.rendered() ?? "")")
        if ProcessSweep.isSupported {
            let flees = try #require(catalog.entry(named: "flees")?.error)
            #expect(flees.code == .describeFailed)
            #expect(flees.message.hasPrefix("plugin 'flees' left a process running outside its process group (pid "))
            #expect(eventually(2) { isGone((try? pid(in: escapedPid)) ?? 0) })
        }
        #expect(eventually(2) { isGone((try? pid(in: groupPid)) ?? 0) })
    }

    @Test func pluginsSeeACleanEnvironment() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("env", kind: "source", extra: #""environment": ["OWN_SETTING", "DATABASE_URL", "CO2_API_TOKEN"]"#,
                                        body: #"env | grep -v '^_=' | sort | while IFS= read -r l; do printf '{"v":"%s"}\n' "$l"; done"#)
        #expect(plugin.manifest.environment == ["OWN_SETTING", "DATABASE_URL", "CO2_API_TOKEN"])
        let base = [
            "PATH": "/usr/bin:/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "LC_TIME": "da_DK.UTF-8",
            "DATABASE_URL": "postgresql://owner:s3cret@db/energi", "ENERGIFLOW_QUERY_URL": "postgresql://reader:pw@db/energi",
            "PGPASSWORD": "s3cret", "PGHOST": "db", "KAFKA_BROKERS": "k:9092", "KAFKA_SASL_PASSWORD": "k-secret",
            "CO2_API_TOKEN": "t0ken", "AWS_SECRET_ACCESS_KEY": "aws", "OWN_SETTING": "mine", "UNRELATED": "x",
        ]
        func seen(_ plugin: Plugin) throws -> [String] {
            try plugin.run(arguments: [], input: nil, options: PluginRunOptions(environment: base)).rows
                .compactMap { $0.first?.text }.filter { !$0.hasPrefix("PWD=") && !$0.hasPrefix("SHLVL=") }
        }
        let marker = try #require(try seen(plugin).first { $0.hasPrefix("ENERGIFLOW_PLUGIN_RUN=") })
        let plain = try seen(plugin).filter { !$0.hasPrefix("ENERGIFLOW_PLUGIN_RUN=") }
        #expect(plain == ["ENERGIFLOW_TIMEZONE=Europe/Copenhagen", "HOME=/home/me", "LANG=C.UTF-8", "LC_TIME=da_DK.UTF-8",
                          "OWN_SETTING=mine", "PATH=/usr/bin:/bin"])
        #expect(marker.count > "ENERGIFLOW_PLUGIN_RUN=".count)
        #expect(plugin.withheldSecrets == ["DATABASE_URL", "CO2_API_TOKEN"])

        // What the user allows, of what it asks for: only that.
        var allowed = plugin
        allowed.allowedSecrets = ["CO2_API_TOKEN"]
        let withToken = try seen(allowed).filter { !$0.hasPrefix("ENERGIFLOW_PLUGIN_RUN=") }
        #expect(withToken.contains("CO2_API_TOKEN=t0ken"))
        #expect(!withToken.contains { $0.hasPrefix("DATABASE_URL") || $0.hasPrefix("PG") || $0.hasPrefix("KAFKA") || $0.hasPrefix("AWS") })
    }

    @Test func allowancesAreReadFromTheirFile() {
        let allowances = PluginAllowances.parse("""
            # plugin  variables
            co2   CO2_API_TOKEN  OTHER   # a comment
            archive DATABASE_URL
            bad   not-a-name
            alone
            """)
        #expect(allowances.allowed(for: "co2") == ["CO2_API_TOKEN", "OTHER"])
        #expect(allowances.allowed(for: "archive") == ["DATABASE_URL"])
        #expect(allowances.allowed(for: "bad").isEmpty)
        #expect(allowances.allowed(for: "alone").isEmpty)
        for secret in ["DATABASE_URL", "ENERGIFLOW_QUERY_URL", "PGPASSWORD", "PGPASSFILE", "KAFKA_SASL_PASSWORD", "GITHUB_TOKEN",
                       "AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "API_KEY"] {
            #expect(PluginEnvironment.isSecret(secret), "\(secret)")
        }
        for plain in ["PATH", "OWN_SETTING", "PYTHONPATH", "VIRTUAL_ENV"] { #expect(!PluginEnvironment.isSecret(plain), "\(plain)") }
    }
}
