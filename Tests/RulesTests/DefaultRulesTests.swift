import Foundation
import Query
import Rules
import Tabular
import Testing

/// The default rules on real recorded days, against decisions worked out
/// here from the same numbers with plain Swift.
@Suite struct DefaultRulesTests {
    /// The decision the original design gives a day, computed directly.
    static func expected(_ figure: RecordedData.DailyFigure, meanPrice: Double, meanProduction: Double) -> String {
        guard let production = figure.production else { return "MONITOR" }
        if figure.price < meanPrice && production > meanProduction { return "BUY" }
        if figure.price > meanPrice && production < meanProduction { return "AVOID" }
        return "MONITOR"
    }

    @Test func issueExampleOnSeventyDaysOfDK2() throws {
        let figures = RecordedData.dk2Autumn2024
        #expect(figures.count == 70)
        let meanPrice = figures.map(\.price).reduce(0, +) / Double(figures.count)
        let meanProduction = figures.compactMap(\.production).reduce(0, +) / Double(figures.count)
        // The same means from an independent computation (Python, statistics.mean) over the same files.
        #expect(abs(meanPrice - 76.90458884811905) < 1e-9)
        #expect(abs(meanProduction - 25172.50415542857) < 1e-6)

        let rules = try RuleSet.parse(TestRules.issueExample, name: "default.rules")
        let output = try rules.apply(to: RecordedData.rowSet(figures))
        let want = figures.map { Self.expected($0, meanPrice: meanPrice, meanProduction: meanProduction) }
        #expect(TestRules.decisions(output) == want)

        // Counts and the BUY days, also from the independent computation.
        let got = TestRules.decisions(output)
        #expect(got.filter { $0 == "BUY" }.count == 21)
        #expect(got.filter { $0 == "AVOID" }.count == 28)
        #expect(got.filter { $0 == "MONITOR" }.count == 21)
        let buyDays = zip(figures, got).filter { $0.1 == "BUY" }.map { $0.0.day.description }
        #expect(buyDays == ["2024-09-05", "2024-09-06", "2024-09-14", "2024-09-25", "2024-09-26", "2024-09-27",
                            "2024-09-28", "2024-09-30", "2024-10-01", "2024-10-03", "2024-10-07", "2024-10-10",
                            "2024-10-11", "2024-10-12", "2024-10-13", "2024-10-16", "2024-10-17", "2024-10-21",
                            "2024-10-31", "2024-11-01", "2024-11-03"])
    }

    @Test func handPickedDays() throws {
        // 2024-09-06: 36.25 EUR/MWh, 34,300 MWh (cheap, plenty) → BUY.
        // 2024-09-23: 121.36 EUR/MWh, 14,060 MWh (dear, scarce) → AVOID.
        // 2024-10-14: 104.67 EUR/MWh, 30,163 MWh (dear but plenty) → MONITOR.
        let figures = RecordedData.dk2Autumn2024
        let output = try RuleSet.parse(TestRules.issueExample).apply(to: RecordedData.rowSet(figures))
        let byDay = Dictionary(uniqueKeysWithValues: zip(figures.map(\.day.description), zip(TestRules.decisions(output), TestRules.reasons(output)).map { $0 }))
        #expect(byDay["2024-09-06"]! == ("BUY", "low price with strong production"))
        #expect(byDay["2024-09-23"]! == ("AVOID", "high price and weak production"))
        #expect(byDay["2024-10-14"]! == ("MONITOR", "mixed market signals"))
    }

    @Test func shippedDefaultIsTheIssueExample() throws {
        let shipped = try TestRules.shipped("default")
        let example = try RuleSet.parse(TestRules.issueExample)
        #expect(shipped.rules.map(\.decision) == example.rules.map(\.decision))
        let input = RecordedData.rowSet(RecordedData.dk2Autumn2024)
        #expect(try shipped.apply(to: input).rows == example.apply(to: input).rows)
    }

    @Test func statisticsArePerAreaByDefault() throws {
        // DK1 and DK2 on four real days: each area against its own averages.
        let figures = RecordedData.settlementDays2024
        #expect(figures.count == 8)
        #expect(Set(figures.map(\.area)) == ["DK1", "DK2"])
        var want: [String] = []
        for figure in figures {
            let same = figures.filter { $0.area == figure.area }
            let meanPrice = same.map(\.price).reduce(0, +) / Double(same.count)
            let meanProduction = same.compactMap(\.production).reduce(0, +) / Double(same.count)
            want.append(Self.expected(figure, meanPrice: meanPrice, meanProduction: meanProduction))
        }
        let output = try RuleSet.parse(TestRules.issueExample).apply(to: RecordedData.rowSet(figures))
        #expect(TestRules.decisions(output) == want)

        // Over all rows, DK1's far larger production changes the answer: the
        // test above would not notice a missing split otherwise.
        let meanPrice = figures.map(\.price).reduce(0, +) / Double(figures.count)
        let meanProduction = figures.compactMap(\.production).reduce(0, +) / Double(figures.count)
        let pooled = figures.map { Self.expected($0, meanPrice: meanPrice, meanProduction: meanProduction) }
        #expect(pooled != want)
        let overAll = try RuleSet.parse("statistics over all rows\n" + TestRules.issueExample)
            .apply(to: RecordedData.rowSet(figures))
        #expect(TestRules.decisions(overAll) == pooled)
    }

    @Test func outputKeepsInputAndAppendsTextColumns() throws {
        let input = RecordedData.rowSet(Array(RecordedData.dk2Autumn2024.prefix(5)))
        let output = try RuleSet.parse(TestRules.issueExample).apply(to: input)
        #expect(output.columns.map(\.name) == ["day", "area", "price", "production", "decision", "reason"])
        #expect(output.columns[4].type == .text && output.columns[5].type == .text)
        #expect(output.columns[2].unit == "EUR/MWh")
        #expect(output.rows.map { Array($0.prefix(4)) } == input.rows)
        // Deciding again replaces the columns rather than adding more.
        let again = try RuleSet.parse("X otherwise \"again\"").apply(to: output)
        #expect(again.columns.map(\.name) == output.columns.map(\.name))
        #expect(TestRules.reasons(again) == Array(repeating: "again", count: 5))
    }
}
