import ErrorReporting
import Foundation
import Postgres
import Query
import Stages
import Tabular
import TestSupport
import Testing

/// `decide` on the recorded data gives the decisions the rules say,
/// computed here by hand; rules-file problems are reported through the stage.
@Suite struct DecideStageTests {
    static let shippedRules = TestPaths.packageRoot.appendingPathComponent("queries/rules")

    func context(rules: [URL] = [DecideStageTests.shippedRules], database: Bool = true) throws -> ExecutionContext {
        var context = database ? try Fixture.context() : ExecutionContext()
        context.rulesDirectories = rules
        return context
    }

    func rows(_ text: String) throws -> RowSet {
        try Executor().rows(of: text, context: try context())
    }

    /// BUY below the area's average price and above its average production,
    /// AVOID the other way round, MONITOR otherwise; a missing value
    /// (or a missing average) compares as unknown, so MONITOR.
    static func byHand(price: Double?, production: Double?, averagePrice: Double?, averageProduction: Double?) -> String {
        guard let price, let production, let averagePrice, let averageProduction else { return "MONITOR" }
        if price < averagePrice && production > averageProduction { return "BUY" }
        if price > averagePrice && production < averageProduction { return "AVOID" }
        return "MONITOR"
    }

    static let reasons = ["BUY": "low price with strong production", "AVOID": "high price and weak production",
                          "MONITOR": "mixed market signals"]

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    @Test func dailyDecisionsEqualTheDefaultRulesAppliedByHand() throws {
        let decided = try rows("daily area=DK1,DK2 since=2024-09-01 until=2024-11-01 | decide")
        #expect(decided.columns.map(\.name) == ["day", "area", "price", "min_price", "max_price", "production",
                                                "price_intervals", "production_hours", "decision", "reason"])
        // The same days straight from the rollup table.
        let sql = try Fixture.connection().query("""
            SELECT day, price_area, avg_price_eur, total_production_mwh FROM energi_daily
            WHERE price_area IN ('DK1', 'DK2') AND day >= '2024-09-01' AND day < '2024-11-01'
            ORDER BY day, price_area
            """)
        #expect(sql.count == 122 && decided.count == 122)
        var averages: [String: (price: Double?, production: Double?)] = [:]
        for area in ["DK1", "DK2"] {
            let mine = sql.rows.filter { $0[1].string == area }
            averages[area] = (Self.mean(mine.compactMap { $0[2].double }), Self.mean(mine.compactMap { $0[3].double }))
        }
        // DK1's only production in this window is two hours of declarations on
        // 2024-09-25: that day equals its own average, the others lack production,
        // so every DK1 day is MONITOR.
        #expect(sql.rows.filter { $0[1].string == "DK1" && $0[3].double != nil }.count == 1)
        #expect(averages["DK2"]?.production != nil)
        var counts: [String: Int] = [:]
        for (row, expected) in zip(decided.rows, sql.rows) {
            let area = expected[1].string ?? ""
            #expect(row[0].description == expected[0].date?.description && row[1] == .text(area))
            let decision = Self.byHand(price: expected[2].double, production: expected[3].double,
                                       averagePrice: averages[area]?.price, averageProduction: averages[area]?.production)
            #expect(row[8] == .text(decision), "\(row[0]) \(area)")
            #expect(row[9] == .text(Self.reasons[decision] ?? ""))
            counts["\(area) \(decision)", default: 0] += 1
        }
        #expect(counts["DK1 MONITOR"] == 61)
        #expect((counts["DK2 BUY"] ?? 0) > 5 && (counts["DK2 AVOID"] ?? 0) > 5 && (counts["DK2 MONITOR"] ?? 0) > 0)
    }

    @Test func hourlyRowsWorkOutOfTheBoxPerArea() throws {
        let input = try rows("hourly area=DK2 since=2024-10-01 until=2024-10-08")
        let decided = try rows("hourly area=DK2 since=2024-10-01 until=2024-10-08 | decide")
        #expect(input.count == 168 && decided.count == 168)
        let averagePrice = Self.mean(input.rows.compactMap { $0[2].number })
        let averageProduction = Self.mean(input.rows.compactMap { $0[3].number })
        for (row, original) in zip(decided.rows, input.rows) {
            #expect(Array(row.prefix(4)) == original)
            let decision = Self.byHand(price: original[2].number, production: original[3].number,
                                       averagePrice: averagePrice, averageProduction: averageProduction)
            #expect(row[4] == .text(decision), "\(row[0])")
        }
    }

    @Test func negativeRulesFlagNegativeHoursAndSpikesAboveThe90thPercentile() throws {
        let decided = try rows("prices area=DK1 since=2024-06-01 until=2024-07-01 | decide rules=negative")
        let negatives = try Fixture.connection().query("""
            SELECT count(*) FROM energi_records
            WHERE dataset = 'ElspotPrices' AND price_area = 'DK1' AND spot_price_eur < 0
              AND "timestamp" >= '2024-05-31 22:00:00+00' AND "timestamp" < '2024-06-30 22:00:00+00'
            """)
        let prices = decided.rows.compactMap { $0[2].number }.sorted()
        #expect(prices.count == 720)
        // p(90) by linear interpolation between closest ranks.
        let h = Double(prices.count - 1) * 0.9
        let low = Int(h.rounded(.down))
        let p90 = prices[low] + (h - Double(low)) * (prices[low + 1] - prices[low])
        var buys = 0
        for row in decided.rows {
            guard let price = row[2].number else { continue }
            let expected = price < 0 ? "BUY" : (price > p90 ? "AVOID" : "MONITOR")
            #expect(row[6] == .text(expected))
            if expected == "BUY" {
                buys += 1
                #expect(row[7].description.hasPrefix("negative price: paid to consume ("))
            }
        }
        #expect(buys > 0 && Int64(buys) == negatives.rows.first?[0].int)
    }

    @Test func rowsWithTheStoresColumnNamesAreDecidedThroughTheAliases() throws {
        // sql rows keep energi_daily's names; their columns are known only at run time.
        let viaSQL = try rows("""
            sql "select day, price_area, avg_price_eur, total_production_mwh from energi_daily \
            where price_area = 'DK2' and day >= '2024-09-01' and day < '2024-11-01' order by day" | decide
            """)
        let viaDaily = try rows("daily area=DK2 since=2024-09-01 until=2024-11-01 | decide | select day decision reason")
        #expect(viaSQL.columns.map(\.name) == ["day", "price_area", "avg_price_eur", "total_production_mwh", "decision", "reason"])
        #expect(viaSQL.count == 61)
        #expect(viaSQL.rows.map { [$0[4], $0[5]] } == viaDaily.rows.map { [$0[1], $0[2]] })
    }

    @Test func thePipelineAfterDecideSeesTheNewColumns() throws {
        let buys = try rows("daily area=DK2 since=2024-09-01 until=2024-11-01 | decide | where decision = BUY | select day decision")
        let all = try rows("daily area=DK2 since=2024-09-01 until=2024-11-01 | decide")
        #expect(buys.columns.map(\.name) == ["day", "decision"])
        #expect(buys.count == all.rows.filter { $0[8] == .text("BUY") }.count && buys.count > 0)
        let plan = try Fixture.plan("daily area=DK2 | decide | sort price", context: try context(database: false))
        #expect(plan.inMemory == ["decide", "sort", "table"])
        #expect(plan.explanation.contains("decide  transform  in memory, reads all rows first"))
    }

    // MARK: Errors

    @Test func anUnknownRulesNameIsReportedAtTheArgumentWithWhereItLooked() throws {
        let directory = try temporaryRules(["mine.rules": "BUY when price < 10\nMONITOR otherwise\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let statement = "explain daily area=DK2 | decide rules=mien"
        // No database: the error comes while planning.
        let error = try #require(Fixture.error(statement, context: try context(rules: [directory], database: false)))
        #expect(error.code == .query && ErrorReport(error).status == .error)
        #expect(error.rendered() == [
            "error: no rules file 'mien'",
            "  |",
            "1 | explain daily area=DK2 | decide rules=mien",
            "  |                                       ^^^^ did you mean 'mine'?",
            "  = note: looked for mien.rules in \(directory.path); the rules files are mine",
        ].joined(separator: "\n"))
        let missing = try #require(Fixture.error("explain daily | decide nothing", context: try context(rules: [directory], database: false)))
        #expect(missing.rendered().contains("= note: looked for nothing.rules in \(directory.path); the rules files are mine"))
    }

    @Test func aSyntaxErrorInTheRulesFilePointsIntoTheFile() throws {
        let directory = try temporaryRules(["broken.rules": "# a comment\nBUY when price < \"cheap\"\nMONITOR otherwise\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(Fixture.error("explain daily | decide broken", context: try context(rules: [directory], database: false)))
        let text = error.rendered()
        // Line 2, column 17: where the condition ends early, before the reason.
        #expect(text.contains(" --> \(directory.path)/broken.rules:2:"), "\(text)")
        #expect(text.contains("2 | BUY when price < \"cheap\""), "\(text)")
        #expect(ErrorReport(error).status == .error)
    }

    @Test func aColumnTheInputLacksIsNamedAtTheRuleThatUsesIt() throws {
        let directory = try temporaryRules([
            "default.rules": (try String(contentsOf: Self.shippedRules.appendingPathComponent("default.rules"), encoding: .utf8)),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        // prices has a price but no production.
        let error = try #require(Fixture.error("explain prices area=DK1 | decide", context: try context(rules: [directory], database: false)))
        let text = error.rendered()
        #expect(text.hasPrefix("error: unknown column 'production'\n  --> \(directory.path)/default.rules:15:38\n"), "\(text)")
        #expect(text.contains("15 | BUY      when price < avg(price) and production > avg(production)"))
        #expect(text.contains("the input's columns are time, area, price, price_dkk, dataset"))
    }

    /// Rules may use any column the pipeline computed before decide: extend's,
    /// a join's, a pivot's. Checked against the same rules written by hand.
    @Test(arguments: [true, false])
    func rulesOverComputedColumns(pushDown: Bool) throws {
        let directory = try temporaryRules(["spread.rules": """
            WIDE  when spread > p(75, spread) and wind > 0.5   "spread {spread} with wind {round(wind, 2)}"
            NARROW otherwise
            """])
        defer { try? FileManager.default.removeItem(at: directory) }
        var context = try context(rules: [directory])
        context.pushDown = pushDown
        let decided = try Executor().rows(of: """
            production area=DK2 since=2024-09-01 until=2024-10-01 by=day,type | pivot type production \
            | join (daily area=DK2 since=2024-09-01 until=2024-10-01) on day \
            | extend spread = max_price - min_price, wind = (OnshoreWindPower + OffshoreWindPower) / production \
            | select day, spread, wind | decide spread
            """, context: context)
        #expect(decided.columns.map(\.name) == ["day", "spread", "wind", "decision", "reason"])
        #expect(decided.count == 30)
        let spreads = decided.rows.compactMap { $0[1].number }.sorted()
        let h = 0.75 * Double(spreads.count - 1)
        let p75 = spreads[Int(h)] + (h - h.rounded(.down)) * (spreads[Int(h) + 1] - spreads[Int(h)])
        var wide = 0
        for row in decided.rows {
            let expected = (row[1].number ?? 0) > p75 && (row[2].number ?? 0) > 0.5 ? "WIDE" : "NARROW"
            #expect(row[3] == .text(expected), "\(row[0])")
            if expected == "WIDE" { wide += 1 }
        }
        #expect(wide > 0 && wide < 30)
    }

    func temporaryRules(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}
