import Foundation
import Rules
import Tabular
import Testing

/// Missing values never crash and never make a condition true.
@Suite struct NullTests {
    static let columns = [Column("area", .text), Column("price", .double), Column("production", .double)]

    func run(_ rules: String, _ rows: [[Value]]) throws -> [String] {
        TestRules.decisions(try RuleSet.parse(rules).apply(to: RowSet(columns: Self.columns, rows: rows)))
    }

    @Test func dayWithoutProductionFallsToOtherwise() throws {
        // Real DK2 days, and four later days whose production was not recorded.
        var figures = RecordedData.dk2Autumn2024
        var day = figures.last!.day.next
        for _ in 0..<4 {
            figures.append(.init(day: day, area: "DK2", price: RecordedData.dailyPrices2024["DK2"]![day]!, production: nil))
            day = day.next
        }
        let output = try RuleSet.parse(TestRules.issueExample).apply(to: RecordedData.rowSet(figures))
        let decisions = TestRules.decisions(output)
        #expect(decisions.suffix(4) == ["MONITOR", "MONITOR", "MONITOR", "MONITOR"])
        // avg(production) skips the nulls; avg(price) counts all 74 days.
        let meanPrice = figures.map(\.price).reduce(0, +) / 74
        let present = figures.compactMap(\.production)
        let meanProduction = present.reduce(0, +) / Double(present.count)
        #expect(present.count == 70)
        #expect(decisions == figures.map { DefaultRulesTests.expected($0, meanPrice: meanPrice, meanProduction: meanProduction) })
    }

    @Test func threeValuedLogic() throws {
        let rows: [[Value]] = [[.text("A"), .double(5), .null]]
        // Unknown is not true, and `not unknown` is still unknown.
        #expect(try run("Y when production > 5\nN otherwise", rows) == ["N"])
        #expect(try run("Y when not (production > 5)\nN otherwise", rows) == ["N"])
        #expect(try run("Y when production != 5\nN otherwise", rows) == ["N"])
        // `true or unknown` is true; `false and unknown` is false, so `not` of it is true.
        #expect(try run("Y when production > 5 or price < 10\nN otherwise", rows) == ["Y"])
        #expect(try run("Y when production > 5 and price < 10\nN otherwise", rows) == ["N"])
        #expect(try run("Y when not (production > 5 and price > 10)\nN otherwise", rows) == ["Y"])
        // Arithmetic with null, division by zero: unknown.
        #expect(try run("Y when production + 1 > 0\nN otherwise", rows) == ["N"])
        #expect(try run("Y when price / 0 > 0 or price / 0 <= 0\nN otherwise", rows) == ["N"])
        #expect(try run("Y when area = DK1,B\nN otherwise", [[.null, .double(1), .double(1)]]) == ["N"])
    }

    @Test func statisticsOfOnlyNulls() throws {
        let rows: [[Value]] = [[.text("A"), .null, .double(1)], [.text("A"), .null, .double(2)]]
        let rules = try RuleSet.parse("""
            HIGH when price > avg(price)
            LOW  when price <= avg(price)
            NONE otherwise "avg {avg(price)}, p {p(50, price)}, sd {stddev(price)}, n {count(price)} of {count()}, sum {sum(price)}"
            """)
        let output = try rules.apply(to: RowSet(columns: Self.columns, rows: rows))
        #expect(TestRules.decisions(output) == ["NONE", "NONE"])
        #expect(TestRules.reasons(output)[0] == "avg n/a, p n/a, sd n/a, n 0 of 2, sum 0.00")
    }

    @Test func withoutOtherwiseUnmatchedRowsGetNulls() throws {
        let rows: [[Value]] = [[.text("A"), .double(-5), .double(1)], [.text("A"), .double(50), .double(1)]]
        let output = try RuleSet.parse("BUY when price < 0 \"paid to consume\"")
            .apply(to: RowSet(columns: Self.columns, rows: rows))
        #expect(output.values(of: "decision") == [.text("BUY"), .null])
        #expect(output.values(of: "reason") == [.text("paid to consume"), .null])
    }

    @Test func oddRowsAndNaN() throws {
        // A NaN is treated as missing; a row shorter than its schema is padded.
        let rows: [[Value]] = [[.text("A"), .double(.nan), .double(1)], [.text("A"), .double(2)],
                               [.text("A"), .double(1), .double(1)]]
        let output = try RuleSet.parse("Y when price >= avg(price) \"{avg(price)}\"\nN otherwise")
            .apply(to: RowSet(columns: Self.columns, rows: rows))
        #expect(TestRules.decisions(output) == ["N", "Y", "N"])
        #expect(TestRules.reasons(output)[1] == "1.50")
        #expect(output.rows.allSatisfy { $0.count == 5 })
    }

    @Test func emptyInput() throws {
        let output = try RuleSet.parse(TestRules.issueExample).apply(to: RowSet(columns: Self.columns))
        #expect(output.rows.isEmpty)
        #expect(output.columns.map(\.name) == ["area", "price", "production", "decision", "reason"])
    }
}
