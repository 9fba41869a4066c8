import Foundation
@testable import Plugins
import Query
import Tabular
import Testing

@Suite struct PluginDiscoveryTests {
    @Test func firstFoundWinsAndLaterOnesAreShadowed() throws {
        let f = try PluginFixture()
        let project = try f.directory("project"), config = try f.directory("config"), path = try f.directory("bin")
        try f.shellPlugin("dup", in: project, describe: PluginFixture.manifest("dup", summary: "from project"), body: "")
        try f.shellPlugin("dup", in: config, describe: PluginFixture.manifest("dup", summary: "from config"), body: "")
        try f.shellPlugin("dup", in: path, describe: PluginFixture.manifest("dup", summary: "from path"), body: "")
        try f.shellPlugin("cfg", in: config, describe: PluginFixture.manifest("cfg", summary: "config only"), body: "")
        try f.shellPlugin("cfg", in: path, describe: PluginFixture.manifest("cfg", summary: "path copy"), body: "")
        let dirs = [PluginDirectory(project, origin: .project), PluginDirectory(config, origin: .config),
                    PluginDirectory(path, origin: .path), PluginDirectory(path + "/", origin: .path)]
        let catalog = PluginDiscovery(directories: dirs).discover()

        #expect(catalog.entries.map(\.name) == ["cfg", "dup"])
        let dup = try #require(catalog.entry(named: "dup"))
        #expect(dup.plugin?.manifest.summary == "from project")
        #expect(dup.origin == .project)
        // The same directory listed twice counts once.
        #expect(dup.shadowed == [PluginLocation(path: config + "/energiflow-dup", origin: .config),
                                 PluginLocation(path: path + "/energiflow-dup", origin: .path)])
        #expect(catalog.plugin(named: "cfg")?.manifest.summary == "config only")
        #expect(catalog.plugin(named: "cfg")?.origin == .config)

        let listing = catalog.listing()
        #expect(listing.columns.map(\.name) == ["name", "kind", "status", "found_in", "path", "note"])
        #expect(listing.rows.map { [$0[0], $0[2], $0[3]] } == [
            [.text("cfg"), .text("ok"), .text("config")],
            [.text("cfg"), .text("shadowed"), .text("PATH")],
            [.text("dup"), .text("ok"), .text("./plugins")],
            [.text("dup"), .text("shadowed"), .text("config")],
            [.text("dup"), .text("shadowed"), .text("PATH")],
        ])
        #expect(listing.rows[1][5] == .text("not used: \(config)/energiflow-cfg comes first"))
    }

    @Test func brokenManifestsAreListedWithTheirErrorsAndTheRestStillWorks() throws {
        let f = try PluginFixture()
        let dir = try f.directory("plugins")
        try f.shellPlugin("good", in: dir, describe: PluginFixture.manifest("good"), body: "")
        try f.shellPlugin("nosummary", in: dir, describe: #"{"name": "nosummary", "kind": "transform"}"#, body: "")
        try f.shellPlugin("wrongtypes", in: dir, describe: #"{"name": "wrongtypes", "kind": "transform", "summary": "s", "arguments": [{"name": "n", "type": "integer", "default": 1.5}]}"#, body: "")
        try f.shellPlugin("wrongname", in: dir, describe: PluginFixture.manifest("rightname"), body: "")
        try f.shellPlugin("badkind", in: dir, describe: PluginFixture.manifest("badkind", kind: "filter"), body: "")
        try f.write("#!/bin/sh\necho 'usage: energiflow-notjson [options]'\n", to: "energiflow-notjson", in: dir)
        try f.write("#!/bin/sh\necho 'cannot start: no config' >&2\nexit 1\n", to: "energiflow-exits", in: dir)
        try f.write("#!/bin/sh\nsleep 30\n", to: "energiflow-hangs", in: dir)
        try f.write("#!/bin/sh\nkill -SEGV $$\n", to: "energiflow-crashes", in: dir)

        let started = Date()
        let catalog = PluginDiscovery(directories: [PluginDirectory(dir, origin: .project)], describeTimeout: 2).discover()
        // Described in parallel: one hanging plugin costs its timeout once.
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(catalog.plugins.map(\.name) == ["good"])

        func error(_ name: String) -> PluginError? { catalog.entry(named: name)?.error }
        #expect(error("nosummary")?.message == #"plugin 'nosummary' has a broken manifest: the manifest has no "summary" (a one-line description)"#)
        #expect(error("wrongtypes")?.message == "plugin 'wrongtypes' has a broken manifest: argument 'n': the default 1.5 is not a whole number")
        #expect(error("wrongname")?.message == "plugin 'wrongname' has a broken manifest: the manifest names the stage 'rightname', but the file is called energiflow-wrongname; they must match")
        #expect(error("wrongname")?.note == #"rename the file to energiflow-rightname or set "name": "wrongname""#)
        #expect(error("badkind")?.message == #"plugin 'badkind' has a broken manifest: unknown kind "filter": it must be source, transform or sink"#)
        #expect(error("notjson")?.message == "plugin 'notjson' has a broken manifest: '--describe' did not print JSON: unexpected 'u', expected a JSON value at line 1, column 1")
        #expect(error("exits")?.code == .describeFailed)
        #expect(error("exits")?.message == "plugin 'exits' failed: 'energiflow-exits --describe' exited with status 1")
        #expect(error("exits")?.stderr == "cannot start: no config")
        #expect(error("hangs")?.code == .describeTimedOut)
        #expect(error("hangs")?.message == "plugin 'hangs' did not finish 'energiflow-hangs --describe' within 2 s and was killed")
        #expect(error("crashes")?.message == "plugin 'crashes' failed: 'energiflow-crashes --describe' was killed by SIGSEGV (11)")
        for name in ["nosummary", "wrongtypes", "wrongname", "badkind", "notjson"] {
            #expect(error(name)?.code == .invalidManifest, "\(name)")
        }
        // The report shows every broken plugin with its full error.
        let report = catalog.report()
        #expect(report.contains("good        transform  ok      ./plugins  \(dir)/energiflow-good"))
        #expect(report.contains("error: plugin 'exits' failed: 'energiflow-exits --describe' exited with status 1\n  plugin: \(dir)/energiflow-exits\n  stderr:\n    | cannot start: no config"))
    }

    @Test func filesThatCannotBePluginsInPluginDirectoriesAndOnPath() throws {
        let f = try PluginFixture()
        let project = try f.directory("project"), path = try f.directory("bin")
        try f.shellPlugin("noexec", in: project, describe: PluginFixture.manifest("noexec"), body: "", mode: 0o644)
        try f.shellPlugin("noexec", in: path, describe: PluginFixture.manifest("noexec"), body: "")
        try f.shellPlugin("quiet", in: path, describe: PluginFixture.manifest("quiet"), body: "", mode: 0o644)
        try f.write("#!/bin/sh\n", to: "energiflow-zscore.py", in: project)
        try f.write("#!/bin/sh\n", to: "energiflow-zscore.py", in: path)
        try f.write("#!/bin/sh\n", to: "energiflow-old~", in: project)
        try FileManager.default.createDirectory(atPath: project + "/energiflow-dir", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: project + "/energiflow-dangling", withDestinationPath: project + "/missing")
        try f.write("#!/bin/sh\n", to: "unrelated", in: project)

        let catalog = PluginDiscovery(directories: [PluginDirectory(project, origin: .project), PluginDirectory(path, origin: .path)]).discover()
        #expect(catalog.entries.map(\.name) == ["dangling", "noexec", "zscore.py"])
        let noexec = try #require(catalog.entry(named: "noexec"))
        #expect(noexec.error?.code == .notExecutable)
        #expect(noexec.error?.note == "make it executable: chmod +x \(project)/energiflow-noexec")
        #expect(noexec.shadowed.map(\.origin) == [.path])
        let named = try #require(catalog.entry(named: "zscore.py"))
        #expect(named.error?.code == .invalidName)
        #expect(named.error?.note == "rename it to energiflow-zscore (no extension)")
        #expect(named.origin == .project)  // the PATH one is skipped, not shadowed
        #expect(named.shadowed.isEmpty)
        #expect(catalog.entry(named: "dangling")?.error?.code == .notExecutable)
    }

    @Test func defaultDirectoriesFromTheEnvironment() {
        let xdg = PluginDirectory.defaults(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/me", "PATH": "/usr/local/bin::relative:/usr/bin"],
                                           currentDirectory: "/work/proj")
        #expect(xdg == [PluginDirectory("/work/proj/plugins", origin: .project), PluginDirectory("/cfg/energiflow/plugins", origin: .config),
                        PluginDirectory("/usr/local/bin", origin: .path), PluginDirectory("/usr/bin", origin: .path)])
        // Unset or relative XDG_CONFIG_HOME: ~/.config.
        for env in [["HOME": "/home/me"], ["HOME": "/home/me", "XDG_CONFIG_HOME": "cfg"], ["HOME": "/home/me", "XDG_CONFIG_HOME": ""]] {
            #expect(PluginDirectory.defaults(environment: env, currentDirectory: "/") ==
                    [PluginDirectory("/plugins", origin: .project), PluginDirectory("/home/me/.config/energiflow/plugins", origin: .config)])
        }
        #expect(PluginDirectory.defaults(environment: [:], currentDirectory: "/x") == [PluginDirectory("/x/plugins", origin: .project)])
    }

    @Test func nothingFoundSaysWhereItLooked() {
        let catalog = PluginDiscovery(directories: [PluginDirectory("/nonexistent/plugins", origin: .project)]).discover()
        #expect(catalog.entries.isEmpty)
        #expect(catalog.report() == "no plugins found; searched:\n  /nonexistent/plugins (./plugins)")
    }

    @Test func builtInStagesWinUnlessOverridingIsAsked() throws {
        let f = try PluginFixture()
        let dir = try f.directory("plugins")
        try f.shellPlugin("sort", in: dir, describe: PluginFixture.manifest("sort", summary: "plugin sort"), body: "")
        try f.shellPlugin("fresh", in: dir, describe: PluginFixture.manifest("fresh", summary: "a new stage"), body: "")
        let catalog = PluginDiscovery(directories: [PluginDirectory(dir, origin: .project)]).discover()
        let builtin = StageSpec(name: "sort", kind: .transform, summary: "built-in sort")

        var registry = StageRegistry<String>()
        try registry.register(builtin, "built-in")
        let warnings = registry.registerPlugins(catalog) { "plugin:" + $0.path }
        #expect(registry.entry(named: "sort")?.implementation == "built-in")
        #expect(registry.entry(named: "fresh")?.implementation == "plugin:\(dir)/energiflow-fresh")
        #expect(registry.spec(named: "fresh")?.summary == "a new stage")
        #expect(warnings.map(\.text) == ["warning: plugin 'sort' at \(dir)/energiflow-sort (./plugins) has the name of a built-in stage; the built-in 'sort' is used (rename the plugin's file to use it)"])
        #expect(warnings.map(\.pluginWins) == [false])
        #expect(catalog.listing(builtins: ["sort"]).rows.first { $0[0] == .text("sort") }?[2] == .text("built-in wins"))

        var overridden = StageRegistry<String>()
        try overridden.register(builtin, "built-in")
        let w2 = overridden.registerPlugins(catalog, overriding: ["sort"]) { _ in "plugin" }
        #expect(overridden.entry(named: "sort")?.implementation == "plugin")
        #expect(overridden.spec(named: "sort")?.summary == "plugin sort")
        #expect(w2.map(\.pluginWins) == [true])
        #expect(w2.first?.text.contains("replaces the built-in stage 'sort'") == true)
    }
}
