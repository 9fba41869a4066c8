import ErrorReporting
import Foundation
import Plugins
import Query
import Stages
import Tabular
import TestSupport
import Testing

/// External plugins run as stages of a pipeline: the shipped zscore on the
/// recorded data, sources and sinks, and plugins that crash, hang or print garbage.
@Suite struct PluginStageTests {
    /// The shipped plugins (plugins/ in the repository) on top of the built-ins.
    static func shippedExecutor() -> Executor {
        let directory = PluginDirectory(TestPaths.packageRoot.appendingPathComponent("plugins").path, origin: .project)
        let loaded = StageCatalogLoader.load(catalog: PluginDiscovery(directories: [directory]).discover())
        return Executor(registry: loaded.registry)
    }

    let days = "daily area=DK1,DK2 since=2024-09-01 until=2024-11-01"

    @Test func zscoreScoresEachAreasPricesOnTheRecordedData() throws {
        let executor = Self.shippedExecutor()
        let input = try Fixture.rows(days)
        let scored = try executor.rows(of: days + " | zscore", context: try Fixture.context())
        #expect(scored.columns.map(\.name) == input.columns.map(\.name) + ["zscore", "unusual"])
        #expect(scored.schema.column(named: "day")?.type == .day && scored.schema.column(named: "unusual")?.type == .bool)
        #expect(scored.count == 122)
        // By hand: population standard deviation of each area's daily prices.
        var statistics: [Value: (mean: Double, std: Double)] = [:]
        for area in [Value.text("DK1"), .text("DK2")] {
            let prices = input.rows.filter { $0[1] == area }.compactMap { $0[2].number }
            let mean = prices.reduce(0, +) / Double(prices.count)
            let std = (prices.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(prices.count)).squareRoot()
            statistics[area] = (mean, std)
        }
        var unusual = 0
        for (row, original) in zip(scored.rows, input.rows) {
            #expect(Array(row.prefix(original.count)) == original)
            let (mean, std) = try #require(statistics[original[1]])
            let z = ((original[2].number ?? .nan) - mean) / std
            #expect(close(row[original.count].number, z))
            #expect(row[original.count + 1] == .bool(abs(z) > 2))
            if abs(z) > 2 { unusual += 1 }
        }
        #expect(unusual > 0)

        // Later stages see the plugin's columns once it runs.
        let flagged = try executor.rows(of: days + " | zscore threshold=2 | where unusual = true | select day area zscore",
                                        context: try Fixture.context())
        #expect(flagged.count == unusual && flagged.columns.map(\.name) == ["day", "area", "zscore"])
        let table = TextOutput()
        try executor.execute(days + " | zscore | table", context: try Fixture.context(output: table))
        #expect(table.text.split(separator: "\n").first?.hasSuffix("zscore  unusual") == true)
        #expect(table.text.hasSuffix("(122 rows)\n"))
    }

    @Test func explainShowsThePluginAndLimitStopsIt() throws {
        let executor = Self.shippedExecutor()
        let output = TextOutput()
        try executor.execute("explain " + days + " | zscore threshold=3 | limit 2", context: ExecutionContext(output: output))
        #expect(output.text.contains("2  zscore  transform  in memory"))
        #expect(output.text.contains("columns: known when the rows arrive"))
        let limited = try executor.rows(of: days + " | zscore | limit 2", context: try Fixture.context())
        #expect(limited.count == 2)
    }

    @Test func sourceTransformAndSinkPluginsRun() throws {
        let plugins = try TestPlugins()
        try plugins.add("count3", kind: "source", body: """
            echo '{"n": 1, "word": "one"}'
            echo '{"n": 2, "word": "two"}'
            echo '{"n": 3, "word": "three"}'
            """)
        try plugins.add("passthru", body: "cat")
        try plugins.add("lines", kind: "sink", body: "n=$(wc -l); echo \"rows: $n\"")
        let executor = plugins.executor()
        let counted = try executor.rows(of: "count3 | where n > 1", context: ExecutionContext())
        #expect(counted.rows == [[.int(2), .text("two")], [.int(3), .text("three")]])
        // A transform that passes rows on keeps their types (from the input's columns).
        let input = try Fixture.rows(days)
        let passed = try executor.rows(of: days + " | passthru", context: try Fixture.context())
        #expect(passed.rows == input.rows)
        // Names, types and units come through (what an average weighs by is the store's knowledge, not the plugin's).
        #expect(passed.columns.map { [$0.name, $0.type.rawValue, $0.unit ?? ""] } == input.columns.map { [$0.name, $0.type.rawValue, $0.unit ?? ""] })
        #expect(try executor.rows(of: days + " | passthru | limit 3", context: try Fixture.context()).count == 3)
        let output = TextOutput()
        try executor.execute(days + " | lines", context: try Fixture.context(output: output))
        #expect(output.text.trimmingCharacters(in: .whitespaces) == "rows: 122\n")
    }

    @Test func aCrashingPluginFailsTheRunWithItsStderr() throws {
        let plugins = try TestPlugins()
        try plugins.add("crash", body: "cat > /dev/null; echo 'crash: the price column is gone' >&2; exit 3")
        let error = try #require(Fixture.error(days + " | crash", executor: plugins.executor()))
        #expect(error.code == .internal && ErrorReport(error).status == .error)
        let text = error.rendered()
        #expect(text.hasPrefix("error: plugin 'crash' exited with status 3\n  plugin: \(plugins.directory)/energiflow-crash"), "\(text)")
        #expect(text.contains("  stderr:\n    | crash: the price column is gone"))
    }

    @Test func garbageOutputNamesTheLineAtFault() throws {
        let plugins = try TestPlugins()
        try plugins.add("garbage", body: "cat > /dev/null; echo '{\"n\": 1}'; echo 'this is not json'")
        let error = try #require(Fixture.error(days + " | garbage", executor: plugins.executor()))
        #expect(ErrorReport(error).status == .error)
        let text = error.rendered()
        #expect(text.hasPrefix("error: plugin 'garbage' wrote invalid JSON on output line 2"), "\(text)")
        #expect(text.contains("  line 2: this is not json"))
    }

    @Test func aHangingPluginIsKilledAtItsTimeout() throws {
        let plugins = try TestPlugins()
        try plugins.add("hang", extra: "\"timeout\": 1", body: "sleep 30")
        let error = try #require(Fixture.error("note x | hang", executor: plugins.executor(), context: ExecutionContext()))
        #expect(ErrorReport(error).status == .error)
        #expect(error.rendered().hasPrefix("error: plugin 'hang' ran longer than its timeout of 1 s and was killed"))
    }

    @Test func ctrlCKillsARunningPlugin() throws {
        let plugins = try TestPlugins()
        let started = plugins.directory + "/started"
        try plugins.add("slow", kind: "source", body: "echo $$ > '\(started).tmp'; mv '\(started).tmp' '\(started)'; sleep 30; echo '{\"n\": 1}'")
        let token = CancellationToken()
        // Ctrl-C from another thread once the plugin runs (it then sleeps in its first row).
        let watcher = Thread {
            for _ in 0..<3000 where !FileManager.default.fileExists(atPath: started) { Thread.sleep(forTimeInterval: 0.01) }
            token.cancel()
        }
        watcher.start()
        let begin = Date()
        let error = Fixture.error("slow | table", executor: plugins.executor(), context: ExecutionContext(cancellation: token))
        // Timed on this thread around the blocking call: far less than the plugin's 30 s sleep.
        let elapsed = Date().timeIntervalSince(begin)
        #expect(error?.code == .cancelled)
        #expect(elapsed < 20)
        let pid = Int32((try? String(contentsOfFile: started, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(pid > 0 && kill(pid, 0) != 0, "the plugin's process is gone")
    }

    @Test func aFailureUpstreamOfAPluginIsThatFailure() throws {
        let plugins = try TestPlugins()
        try plugins.add("passthru", body: "cat")
        var registry = plugins.executor().registry
        try registry.register(FailingRowsStage())
        let error = try #require(Fixture.error("failing | passthru", executor: Executor(registry: registry),
                                               context: ExecutionContext()))
        #expect(error.code == .connection && ErrorReport(error).status == .unreachable && error.message == "the connection was lost")
    }
}

/// Plugins written as /bin/sh scripts in a temporary directory.
final class TestPlugins {
    let directory: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-stage-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// `energiflow-NAME`: `--describe` prints a manifest, anything else runs `body`.
    func add(_ name: String, kind: String = "transform", extra: String = "", body: String) throws {
        var members = ["\"name\": \"\(name)\"", "\"kind\": \"\(kind)\"", "\"summary\": \"A test plugin.\""]
        if !extra.isEmpty { members.append(extra) }
        let script = """
            #!/bin/sh
            if [ "$1" = "--describe" ]; then
              echo '{\(members.joined(separator: ", "))}'
              exit 0
            fi
            \(body)

            """
        let path = directory + "/energiflow-" + name
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    var catalog: PluginCatalog {
        PluginDiscovery(directories: [PluginDirectory(directory, origin: .project)]).discover()
    }

    func executor() -> Executor {
        Executor(registry: StageCatalogLoader.load(catalog: catalog).registry)
    }
}

/// `failing`: two rows, then the connection error a lost database gives.
struct FailingRowsStage: SourceStage {
    let spec = StageSpec(name: "failing", kind: .source, summary: "Fails after two rows.", examples: ["failing", "failing | limit 1"])

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let schema = Schema([Column("n", .int)])
        return .rows(RowSource(schema: schema, description: "fails") { _ in
            var n: Int64 = 0
            return MappedRowStream(schema: schema, input: ArrayRowStream(schema: schema, rows: [])) { _ in
                n += 1
                guard n <= 2 else { throw ExecutionError(.connection, "the connection was lost") }
                return [.int(n)]
            }
        })
    }
}
