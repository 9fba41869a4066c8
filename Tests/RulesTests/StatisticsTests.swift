import Foundation
import Query
import Rules
import Tabular
import Testing

/// Statistics against values worked out by hand, and through rules.
@Suite struct StatisticsTests {
    @Test func percentileInterpolatesBetweenClosestRanks() {
        let values: [Double] = [40, 15, 50, 35, 20]  // sorted: 15 20 35 40 50
        // p(40): h = 4 · 0.4 = 1.6 → 20 + 0.6 · (35 − 20) = 29
        #expect(WindowStatistics.percentile(40, values)! == 29)
        // p(90): h = 3.6 → 40 + 0.6 · 10 = 46
        #expect(abs(WindowStatistics.percentile(90, values)! - 46) < 1e-12)
        #expect(WindowStatistics.percentile(0, values) == 15)
        #expect(WindowStatistics.percentile(100, values) == 50)
        #expect(WindowStatistics.percentile(50, values) == 35)
        #expect(WindowStatistics.percentile(75, [7]) == 7)
        #expect(WindowStatistics.percentile(50, []) == nil)
    }

    @Test func medianOfEvenCountIsMeanOfMiddleTwo() {
        #expect(WindowStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(WindowStatistics.median([3, 1, 2]) == 2)
    }

    @Test func standardDeviationIsThePopulations() {
        // The classic example: mean 5, squared deviations sum to 32, 32 / 8 = 4, √4 = 2.
        #expect(WindowStatistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == 2)
        // (The sample standard deviation would be √(32/7) ≈ 2.138.)
        #expect(WindowStatistics.standardDeviation([5]) == 0)
        #expect(WindowStatistics.standardDeviation([]) == nil)
    }

    @Test func realWindowAgainstNumPy() throws {
        // DK2's 70 daily prices; numpy.percentile (linear) and numpy.std gave these.
        let prices = RecordedData.dk2Autumn2024.map(\.price)
        #expect(abs(WindowStatistics.percentile(90, prices)! - 115.70262374583334) < 1e-9)
        #expect(abs(WindowStatistics.percentile(10, prices)! - 28.26854187083334) < 1e-9)
        #expect(abs(WindowStatistics.standardDeviation(prices)! - 34.99477841166376) < 1e-9)
        #expect(abs(WindowStatistics.median(prices)! - 78.98458306250001) < 1e-9)
    }

    /// Rules whose reasons show each statistic of a small window.
    @Test func statisticsThroughRules() throws {
        let input = RowSet(columns: [Column("area", .text), Column("x", .int)],
                           rows: [[.text("A"), .int(40)], [.text("A"), .int(15)], [.text("A"), .int(50)],
                                  [.text("A"), .int(35)], [.text("A"), .int(20)],
                                  [.text("B"), .int(2)], [.text("B"), .int(4)], [.text("B"), .null], [.text("B"), .int(9)]])
        let rules = try RuleSet.parse("""
            S otherwise "avg {avg(x)} median {median(x)} min {min(x)} max {max(x)} sum {sum(x)} n {count()} {count(x)} sd {stddev(x)} p40 {p(40, x)} p90 {p(90, x)}"
            """)
        let reasons = TestRules.reasons(try rules.apply(to: input))
        // A: 15 20 35 40 50 → avg 32, sd √((289 + 144 + 9 + 64 + 324) / 5) = √166 ≈ 12.88.
        #expect(reasons[0] == "avg 32.00 median 35.00 min 15 max 50 sum 160 n 5 5 sd 12.88 p40 29.00 p90 46.00")
        // B: 2 4 9 (null skipped) → avg 5, median 4, sd √((9 + 1 + 16) / 3) ≈ 2.94,
        // p40: h = 0.8 → 2 + 0.8 · 2 = 3.6, p90: h = 1.8 → 4 + 0.8 · 5 = 8.
        #expect(reasons[5] == "avg 5.00 median 4.00 min 2 max 9 sum 15 n 4 3 sd 2.94 p40 3.60 p90 8.00")
        #expect(Set(reasons[0..<5]).count == 1 && Set(reasons[5...]).count == 1)
    }

    @Test func statisticsOfExpressionsAndAbs() throws {
        let input = RowSet(columns: [Column("a", .double), Column("b", .double)],
                           rows: [[.double(1), .double(10)], [.double(2), .double(20)], [.double(3), .double(-30)]])
        let rules = try RuleSet.parse("""
            FAR  when abs(b - avg(b)) > 2 * stddev(b)   "far"
            WIDE when abs(b) >= 20 and avg(a * b) < 0    "{avg(a * b)}"
            NEAR otherwise
            """)
        // avg(b) = 0, stddev(b) = √((100 + 400 + 900) / 3) ≈ 21.6; avg(a·b) = (10 + 40 − 90) / 3 ≈ −13.33.
        let output = try rules.apply(to: input)
        #expect(TestRules.decisions(output) == ["NEAR", "WIDE", "WIDE"])
        #expect(TestRules.reasons(output) == ["no other rule matched", "-13.33", "-13.33"])
    }

    @Test func groupingByTwoColumnsAndOverAll() throws {
        let input = RowSet(columns: [Column("area", .text), Column("kind", .text), Column("v", .int)],
                           rows: [[.text("A"), .text("x"), .int(1)], [.text("A"), .text("x"), .int(3)],
                                  [.text("A"), .text("y"), .int(10)], [.text("B"), .text("x"), .int(100)]])
        func means(_ directive: String) throws -> [String] {
            TestRules.reasons(try RuleSet.parse(directive + "\nM otherwise \"{avg(v)}\"").apply(to: input))
        }
        #expect(try means("statistics per area, kind") == ["2.00", "2.00", "10.00", "100.00"])
        #expect(try means("statistics per area") == ["4.67", "4.67", "4.67", "100.00"])
        #expect(try means("statistics over all rows") == ["28.50", "28.50", "28.50", "28.50"])
        #expect(try means("statistics over all") == ["28.50", "28.50", "28.50", "28.50"])
        #expect(try means("# default") == ["4.67", "4.67", "4.67", "100.00"])
        // Without an area column the default is one window of every row.
        let noArea = RowSet(columns: [Column("v", .int)], rows: [[.int(1)], [.int(2)]])
        #expect(TestRules.reasons(try RuleSet.parse("M otherwise \"{avg(v)}\"").apply(to: noArea)) == ["1.50", "1.50"])
    }
}
