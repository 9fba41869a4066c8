import Basics
import Foundation
@testable import Plugins
import Query
import Tabular
import TestSupport
import Testing

/// The shipped example, plugins/energiflow-zscore, on real recorded prices.
@Suite struct ZScorePluginTests {
    /// Daily average EUR prices of DK1 and DK2 over 2024, per Danish day
    /// (recorded Elspotprices, CC BY 4.0 Energinet), sorted by day then area.
    static func dailyPrices() throws -> RowSet {
        let url = TestPaths.recorded("ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var sums: [String: (sum: Double, count: Int)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            // HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR, decimal commas.
            let f = line.split(separator: ";", omittingEmptySubsequences: false)
            guard f.count == 5, f[2] == "DK1" || f[2] == "DK2" else { continue }
            let day = String(f[1].prefix(10))
            let eur = try #require(Double(f[4].replacingOccurrences(of: ",", with: ".")))
            let key = day + " " + f[2]
            sums[key, default: (0, 0)].sum += eur
            sums[key, default: (0, 0)].count += 1
        }
        let rows: [[Value]] = try sums.keys.sorted().map { key in
            let parts = key.split(separator: " ")
            let s = try #require(sums[key])
            return [.day(try #require(Day(parts[0]))), .text(String(parts[1])), .double(s.sum / Double(s.count))]
        }
        return RowSet(columns: [Column("date", .day), Column("area", .text), Column("avg_price", .double, unit: "EUR/MWh")], rows: rows)
    }

    /// z-scores computed here, per area, with the population standard deviation.
    static func expectedZ(_ rows: RowSet) -> [Double] {
        var byArea: [String: [Double]] = [:]
        for row in rows.rows { byArea[row[1].text ?? "", default: []].append(row[2].number ?? .nan) }
        var stats: [String: (mean: Double, sd: Double)] = [:]
        for (area, values) in byArea {
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            stats[area] = (mean, variance.squareRoot())
        }
        return rows.rows.map { row in
            let s = stats[row[1].text ?? ""]!
            return ((row[2].number ?? .nan) - s.mean) / s.sd
        }
    }

    static func shippedPlugin() throws -> Plugin {
        let dir = TestPaths.packageRoot.appendingPathComponent("plugins").path
        let catalog = PluginDiscovery(directories: [PluginDirectory(dir, origin: .project)]).discover()
        let entry = try #require(catalog.entry(named: "zscore"))
        if let error = entry.error { Issue.record("\(error.rendered())") }
        return try #require(entry.plugin)
    }

    @Test func flagsUnusualDaysPerAreaOnRecordedPrices() throws {
        let plugin = try Self.shippedPlugin()
        let input = try Self.dailyPrices()
        #expect(input.count == 732)  // 366 days × 2 areas
        let stage = try bind("zscore avg_price threshold=2.5", plugin.spec)
        let output = try plugin.run(stage, input: input)

        #expect(output.columns == input.columns + [Column("zscore", .double), Column("unusual", .bool)])
        #expect(output.count == input.count)
        let expected = Self.expectedZ(input)
        var worst = 0.0
        var unusual = 0
        for (i, row) in output.rows.enumerated() {
            #expect(Array(row.prefix(3)) == input.rows[i])
            let z = try #require(row[3].number)
            worst = max(worst, abs(z - expected[i]))
            #expect(row[4] == .bool(abs(expected[i]) > 2.5))
            if row[4] == .bool(true) { unusual += 1 }
        }
        #expect(worst < 1e-9)
        // 2024 had a handful of extreme days per area, not hundreds.
        #expect(unusual > 0 && unusual < 40)
        // The most expensive DK2 day of the year is among them.
        let dk2 = output.rows.filter { $0[1] == .text("DK2") }
        let top = try #require(dk2.max { ($0[2].number ?? 0) < ($1[2].number ?? 0) })
        #expect(top[4] == .bool(true))
    }

    @Test func defaultsPickAvgPriceAndGroupByArea() throws {
        let plugin = try Self.shippedPlugin()
        let input = try Self.dailyPrices()
        let stage = try bind("zscore", plugin.spec)
        #expect(PluginArguments.commandLine(for: stage) == ["--threshold", "2"])
        let output = try plugin.run(stage, input: input)
        let expected = Self.expectedZ(input)
        for (i, row) in output.rows.enumerated() {
            #expect(abs((row[3].number ?? .nan) - expected[i]) < 1e-9)
            #expect(row[4] == .bool(abs(expected[i]) > 2))
        }
    }

    @Test func nullsAndFlatGroups() throws {
        let plugin = try Self.shippedPlugin()
        let input = RowSet(columns: [Column("area", .text), Column("price", .double)],
                           rows: [[.text("DK1"), .double(5)], [.text("DK1"), .null], [.text("DK1"), .double(5)]])
        let output = try plugin.run(arguments: [], input: input)
        #expect(output.rows == [[.text("DK1"), .double(5), .double(0), .bool(false)],
                                [.text("DK1"), .null, .null, .null],
                                [.text("DK1"), .double(5), .double(0), .bool(false)]])
    }

    @Test func aMissingColumnIsAClearPluginError() throws {
        let plugin = try Self.shippedPlugin()
        let input = try Self.dailyPrices()
        let error = try #require(throws: PluginError.self) { try plugin.run(arguments: ["--column", "nope"], input: input) }
        #expect(error.code == .exitedNonZero)
        #expect(error.message == "plugin 'zscore' exited with status 2")
        #expect(error.stderr == "zscore: there is no column 'nope'; the columns are date, area, avg_price")
    }

    @Test func manifestExamplesBindAgainstTheSpec() throws {
        let plugin = try Self.shippedPlugin()
        #expect(plugin.kind == .transform)
        #expect(plugin.manifest.timeout == 60)
        // A stand-in `daily` with the arguments the examples use (the real one lives in Stages).
        var registry = StageRegistry<Void>()
        try registry.register(StageSpec(name: "daily", kind: .source, summary: "-", arguments: [
            ArgumentSpec("area", .list(.word), help: "-"), ArgumentSpec("last", .duration, help: "-"),
        ]), ())
        try registry.register(plugin.spec, ())
        #expect(!plugin.manifest.examples.isEmpty)
        for example in plugin.manifest.examples {
            let source = SourceText(example)
            let script = try Parser.parse(source, stages: registry)
            guard case .pipeline(let pipeline)? = script.statements.first else { Issue.record("not a pipeline: \(example)"); continue }
            let bound = try Binder(stages: registry, source: source).bind(pipeline)
            #expect(bound.last?.name == "zscore")
        }
    }
}
