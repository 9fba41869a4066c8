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
enum Store {
    static func connection() throws -> PostgresConnection {
        try PostgresConnection(try StagesFixtureStore.shared())
    }

    /// The rows of `energi_daily` for `area` and `since ≤ day < until`, as the
    /// CSV the `csv` sink writes for `daily` (RFC 4180: CRLF, doubles as
    /// Swift prints them, null as an empty field).
    static func dailyCSV(area: String, since: String, until: String) throws -> String {
        let result = try connection().query("""
            SELECT day::text, price_area, avg_price_eur, min_price_eur, max_price_eur, total_production_mwh,
                   price_intervals, production_hours
            FROM energi_daily WHERE price_area = $1 AND day >= $2::date AND day < $3::date ORDER BY day
            """, [.text(area), .text(since), .text(until)])
        var csv = "day,area,price,min_price,max_price,production,price_intervals,production_hours\r\n"
        for row in result.rows {
            var fields = [row[0].string ?? "", row[1].string ?? ""]
            for i in 2...5 { fields.append(row[i].double.map { String($0) } ?? "") }
            for i in 6...7 { fields.append(row[i].int.map { String($0) } ?? "") }
            csv += fields.joined(separator: ",") + "\r\n"
        }
        return csv
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
