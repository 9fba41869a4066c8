import Foundation
import Postgres
import Query
import Shell
import Stages
import TestSupport

/// A session over the shared recorded store (see StagesFixtureStore), with
/// results and messages collected in memory and saved-query folders of its
/// own: `projectQueries` (searched first) and `userQueries` (where `.save` writes).
final class TestShell {
    let session: Session
    let output = TextOutput()
    let messages = TextOutput()
    let root: URL
    var projectQueries: URL { root.appendingPathComponent("project/queries") }
    var userQueries: URL { root.appendingPathComponent("config/queries") }

    init(settings: ShellSettings = ShellSettings(), database: (any DatabaseProvider)? = nil,
         stages: (any StageProvider)? = nil) throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("project/queries"), withIntermediateDirectories: true)
        let provider = try database ?? LazyDatabase(try StagesFixtureStore.shared())
        let context = ExecutionContext(database: provider, output: output)
        session = Session(stages: stages ?? PluginStageProvider(plugins: nil), context: context, messages: messages,
                          library: SavedQueryLibrary(directories: [root.appendingPathComponent("project/queries"),
                                                                   root.appendingPathComponent("config/queries")]),
                          saveDirectory: root.appendingPathComponent("config/queries"), settings: settings)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs `text`; returns the outcome.
    @discardableResult
    func run(_ text: String) -> SessionOutcome { session.run(text) }

    /// Runs `text` and returns what it wrote to the results (and empties them).
    func results(_ text: String) -> String {
        _ = output.take()
        session.run(text)
        return output.take()
    }

    /// Writes a query file into the project folder.
    func writeQuery(_ name: String, _ text: String) throws {
        try text.write(to: projectQueries.appendingPathComponent(name + ".efq"), atomically: true, encoding: .utf8)
    }
}

/// Independent SQL on the recorded store.
typealias Store = FixtureStore

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
