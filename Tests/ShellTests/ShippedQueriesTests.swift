import Foundation
import Ingest
import Postgres
import Query
import Shell
import Stages
import Store
import TestSupport
import Testing

/// Every saved query shipped in queries/ parses, binds and runs with its
/// defaults on the demo data, and `teach` runs end to end.
@Suite struct ShippedQueriesTests {
    static let queriesDirectory = TestPaths.packageRoot.appendingPathComponent("queries")

    /// The names of the shipped queries (the files in queries/).
    static let shippedNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: queriesDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".efq") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func theDashboardViewsAndTheTeachingScriptAreShipped() throws {
        #expect(Self.shippedNames == ["daily-summary", "decisions", "latest-prices", "latest-production", "monthly-avg",
                                      "price-production-chart", "production-total", "teach"])
        let library = SavedQueryLibrary(directories: [Self.queriesDirectory])
        for name in Self.shippedNames {
            let query = try library.load(name)
            #expect(!query.summary.isEmpty, "\(name) needs a description")
            #expect(query.parameters.allSatisfy { $0.defaultText != nil }, "\(name): every parameter needs a default")
        }
    }

    @Test(arguments: shippedNames)
    func runsWithItsDefaultsOnTheDemoData(_ name: String) throws {
        let (output, summaries) = try Self.run(name)
        #expect(!summaries.isEmpty)
        for summary in summaries where !summary.isExplain {
            #expect(summary.rows > 0, "\(name): a statement shows no rows on the demo data")
        }
        #expect(!output.contains("\u{1B}"), "no colour without a terminal")
    }

    @Test func decisionsAreTheDefaultRulesOverTheLast30Days() throws {
        let (output, summaries) = try Self.run("decisions")
        #expect(summaries.count == 1 && summaries[0].rows == 30)
        let lines = output.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true).prefix(2) == ["day", "area"])
        // Names, units, rule; the demo data ends on 2024-11-06: the last 30 days are 2024-10-08 … 2024-11-06.
        #expect(lines[1].contains("EUR/MWh"))
        #expect(lines[3].hasPrefix("2024-10-08  DK2") && lines[32].hasPrefix("2024-11-06  DK2"))
        for decision in ["BUY", "AVOID", "MONITOR"] { #expect(output.contains(decision)) }
    }

    @Test func teachWalksThroughEveryStep() throws {
        let (output, summaries) = try Self.run("teach")
        // Nine notes; prices, production, hourly, explain, daily, decide, chart, spark.
        #expect(summaries.count == 17)
        var rest = Substring(output)
        for step in 1...7 {
            guard let found = rest.range(of: "Step \(step).") else {
                Issue.record("step \(step) missing or out of order")
                return
            }
            rest = rest[found.upperBound...]
        }
        #expect(output.contains("WITH price AS ("), "the plan of hourly shows aggregation before the join")
        #expect(output.contains("FULL JOIN production"))
        #expect(output.contains("decision") && output.contains("low price with strong production"))
        #expect(output.contains("Daily average price and total production"), "the chart's title")
        #expect(output.contains("EUR/MWh") && output.contains("┤"), "the chart's axes")
        #expect(output.contains("Energinet, CC BY 4.0"))
        #expect(!output.contains("$area") && !output.contains("$last"), "no unexpanded variables in the text")
    }

    // MARK: Running

    /// Runs a shipped query as `energiflow run NAME` would: its parameters'
    /// defaults as variables, the shipped rules, output not to a terminal.
    static func run(_ name: String, given: [String] = []) throws -> (String, [ExecutionSummary]) {
        let query = try SavedQueryLibrary(directories: [queriesDirectory]).load(name)
        var environment = try query.environment(given: given)
        let output = TextOutput()
        var context = ExecutionContext(database: LazyDatabase(try DemoStore.shared()), output: output)
        context.rulesDirectories = [queriesDirectory.appendingPathComponent("rules")]
        let summaries = try Executor().execute(query.source.text, name: query.path, environment: &environment,
                                               context: context)
        return (output.text, summaries)
    }
}

/// The demo's data: DK2 prices (ElspotPrices) and production
/// (ElectricityBalanceNonv) from 2024-08-29 to 2024-11-06, Danish time —
/// the recorded files cut to that area and span (Energinet, CC BY 4.0).
enum DemoStore {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: PostgresConfiguration?

    /// Made once per test process, shared by the tests (they only read it).
    static func shared() throws -> PostgresConfiguration {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let configuration = try TestDatabase.fresh(prefix: "shipped_queries")
        let connection = try PostgresConnection(configuration)
        _ = try Migrator.migrate(connection)
        let loader = DirectLoader(writer: RecordWriter(connection: connection))
        let prices = try pricesSlice()
        defer { try? FileManager.default.removeItem(at: prices) }
        try loader.load(prices)
        try loader.load(TestPaths.recorded("ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv"))
        cached = configuration
        return configuration
    }

    /// ElspotPrices 2024 for DK2, 2024-08-29 00:00 to 2024-11-06 23:00 Danish time, as a file.
    static func pricesSlice() throws -> URL {
        let text = try String(contentsOf: TestPaths.recorded("ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"),
                              encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst()
        let kept = lines.filter { line in
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard fields.count > 2, fields[2] == "DK2" else { return false }
            let hourDK = fields[1]
            return hourDK >= "2024-08-29 00:00" && hourDK < "2024-11-07 00:00"
        }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ElspotPrices_DK2_hourly_2024-08-29_2024-11-06_DKtime-\(UUID().uuidString).csv")
        try ([header] + kept).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
