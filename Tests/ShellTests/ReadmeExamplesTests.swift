import Foundation
import Ingest
import Postgres
import Query
import Shell
import Stages
import Store
import TestSupport
import Testing

/// The README's examples work as written on the demo data (queries/demo,
/// loaded as the demo loads it): every pipeline in its code blocks runs, and
/// every `energiflow[demo]>` example prints exactly the output shown under it.
@Suite(.serialized) struct ReadmeExamplesTests {
    static let readme = TestPaths.packageRoot.appendingPathComponent("README.md")
    static let queries = TestPaths.packageRoot.appendingPathComponent("queries")

    /// A store with the demo's files, made once.
    static let store: Result<PostgresConfiguration, any Error> = Result {
        let configuration = try TestDatabase.fresh(prefix: "readme_demo")
        let connection = try PostgresConnection(configuration)
        _ = try Migrator.migrate(connection)
        let loader = DirectLoader(writer: RecordWriter(connection: connection))
        let demo = queries.appendingPathComponent("demo")
        for file in try FileManager.default.contentsOfDirectory(atPath: demo.path).sorted() where file.hasSuffix(".csv") {
            try loader.load(demo.appendingPathComponent(file))
        }
        return configuration
    }

    /// A session over the demo store with the shipped queries and rules, `width` columns, no terminal.
    func session(width: Int) throws -> (Session, TextOutput, TextOutput) {
        let output = TextOutput(), messages = TextOutput()
        var context = ExecutionContext(database: LazyDatabase(try Self.store.get()), output: output)
        context.rulesDirectories = [Self.queries.appendingPathComponent("rules")]
        let session = Session(stages: PluginStageProvider(plugins: nil), context: context, messages: messages,
                              library: SavedQueryLibrary(directories: [Self.queries]),
                              settings: ShellSettings(width: width))
        return (session, output, messages)
    }

    /// The code blocks of the README: (first line number, lines).
    static func blocks() throws -> [[String]] {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [[String]] = []
        var current: [String]?
        for line in lines {
            if line.hasPrefix("```") {
                if let block = current { blocks.append(block); current = nil } else { current = [] }
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Lines of code blocks that are pipelines on the store: they start with a
    /// store source or a shipped saved query (Kafka's tail and the shell's own
    /// commands are shown elsewhere).
    static func pipelines() throws -> [String] {
        let sources = ["prices", "production", "daily", "hourly", "total", "raw", "sql", "let"]
        let saved = try FileManager.default.contentsOfDirectory(atPath: queries.path)
            .filter { $0.hasSuffix(".efq") }.map { String($0.dropLast(4)) }
        return try blocks().flatMap { $0 }.compactMap { line -> String? in
            let text = line.hasPrefix("energiflow[demo]> ") ? String(line.dropFirst("energiflow[demo]> ".count)) : line
            guard let first = text.split(separator: " ").first.map(String.init) else { return nil }
            // A saved query's body ($area is its parameter) and the plugin
            // example (plugins are tested with their own processes) stay out.
            guard !text.contains("$"), !text.contains("zscore") else { return nil }
            return sources.contains(first) || saved.contains(first) ? text : nil
        }
    }

    @Test func everyPipelineInTheReadmeRuns() throws {
        let pipelines = try Self.pipelines()
        #expect(pipelines.count > 30)
        let (session, _, messages) = try session(width: 100)
        for pipeline in pipelines {
            let outcome = session.run(pipeline)
            #expect(outcome == .success, "\(pipeline)\n\(messages.take())")
        }
    }

    @Test func theDemoExamplesPrintWhatTheReadmeShows() throws {
        var checked = 0
        for block in try Self.blocks() {
            var i = 0
            while i < block.count {
                guard block[i].hasPrefix("energiflow[demo]> ") else { i += 1; continue }
                let command = String(block[i].dropFirst("energiflow[demo]> ".count))
                var expected: [String] = []
                i += 1
                while i < block.count, !block[i].hasPrefix("energiflow[demo]> ") {
                    expected.append(block[i])
                    i += 1
                }
                // "…" marks an output shown in part; an empty output is not shown at all.
                guard !expected.isEmpty else { continue }
                let partial = expected.last == "…"
                if partial { expected.removeLast() }
                let width = max(100, expected.map(\.count).max() ?? 0)
                let (session, output, messages) = try session(width: width)
                #expect(session.run(command) == .success, "\(command)\n\(messages.take())")
                let shown = output.take().components(separatedBy: "\n").dropLast()
                if partial {
                    #expect(Array(shown.prefix(expected.count)) == expected, "\(command)")
                } else {
                    #expect(Array(shown) == expected, "\(command)")
                }
                checked += 1
            }
        }
        #expect(checked >= 8)
    }
}
