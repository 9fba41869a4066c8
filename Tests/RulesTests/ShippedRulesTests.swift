import Foundation
import Rules
import Tabular
import Testing

/// Every rules file shipped in queries/rules parses and runs on recorded data.
@Suite struct ShippedRulesTests {
    static var shippedNames: [String] {
        RuleFileLocator(directories: [TestRules.shippedDirectory]).availableNames()
    }

    @Test func theThreeAreShipped() {
        #expect(Set(Self.shippedNames).isSuperset(of: ["default", "absolute", "negative"]))
    }

    /// Files that need production run on daily rows; those that need only a
    /// price also on hourly rows. Each row gets one of the file's decisions.
    @Test(arguments: shippedNames) func runsOnRecordedData(_ name: String) throws {
        let rules = try TestRules.shipped(name)
        #expect(rules.hasOtherwise, "\(name) should decide every row")
        let daily = RecordedData.rowSet(RecordedData.dk2Autumn2024 + RecordedData.settlementDays2024)
        let storeDaily = RecordedData.rowSet(RecordedData.dk2Autumn2024, area: "price_area", price: "avg_price_eur",
                                             production: "total_production_mwh")
        var inputs = [(daily, ColumnAliases()), (storeDaily, RuleSet.commonAliases)]
        let hourly = RecordedData.hourlyRowSet(RecordedData.prices2024.filter { $0.area.hasPrefix("DK") })
        if (try? rules.validate(against: hourly.schema)) != nil { inputs.append((hourly, [:])) }
        for (input, aliases) in inputs {
            let output = try rules.apply(to: input, aliases: aliases)
            #expect(output.count == input.count)
            #expect(TestRules.decisions(output).allSatisfy { rules.decisions.contains($0) })
            #expect(TestRules.reasons(output).allSatisfy { !$0.isEmpty && $0 != "null" })
        }
    }

    @Test func absoluteThresholdsOnDK2() throws {
        let figures = RecordedData.dk2Autumn2024
        let output = try TestRules.shipped("absolute").apply(to: RecordedData.rowSet(figures))
        let want = figures.map { f -> String in
            let q = f.production ?? 0
            if f.price < 50 && q > 30000 { return "BUY" }
            if f.price > 150 || (f.price > 100 && q < 20000) { return "AVOID" }
            return "MONITOR"
        }
        #expect(TestRules.decisions(output) == want)
        // Counted independently (Python) over the same files: 13 BUY, 6 AVOID, 51 MONITOR.
        #expect(want.filter { $0 == "BUY" }.count == 13)
        #expect(want.filter { $0 == "AVOID" }.count == 6)
    }

    @Test func negativeOnHourlyDanishPrices2024() throws {
        let hours = RecordedData.prices2024.filter { $0.area == "DK1" || $0.area == "DK2" }
        let output = try TestRules.shipped("negative").apply(to: RecordedData.hourlyRowSet(hours))
        // The 90th percentile per area, worked out here: rank h = (n − 1) · 0.9 between sorted neighbours.
        var p90: [String: Double] = [:]
        for area in ["DK1", "DK2"] {
            let sorted = hours.filter { $0.area == area }.map(\.price).sorted()
            let h = Double(sorted.count - 1) * 0.9
            let low = Int(h)
            p90[area] = sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
        }
        // numpy.percentile over the same hours: DK1 120.0, DK2 122.3950031.
        #expect(abs(p90["DK1"]! - 120.0) < 1e-9)
        #expect(abs(p90["DK2"]! - 122.3950031) < 1e-9)
        let want = hours.map { h in h.price < 0 ? "BUY" : (h.price > p90[h.area]! ? "AVOID" : "MONITOR") }
        let got = TestRules.decisions(output)
        // Compared row by row, so a failure names the hour rather than printing 17,568 decisions.
        let mismatch = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(mismatch == nil, "first mismatch at \(mismatch.map { "\(hours[$0.offset].hour) \(hours[$0.offset].area): \($0.element)" } ?? "")")
        #expect(got.count == want.count)
        // 375 negative hours in DK1 and 275 in DK2 (counted in Python); 878 + 879 spikes.
        #expect(got.filter { $0 == "BUY" }.count == 650)
        #expect(got.filter { $0 == "AVOID" }.count == 1757)
        // The reason shows the values.
        let firstNegative = try #require(hours.firstIndex { $0.price < 0 })
        #expect(TestRules.reasons(output)[firstNegative]
            == "negative price: paid to consume (\(String(format: "%.2f", hours[firstNegative].price)) EUR/MWh)")
    }

    @Test func defaultNeedsProductionAndSaysSo() {
        let hourly = RecordedData.hourlyRowSet(Array(RecordedData.prices2024.prefix(10)))
        let text = TestRules.error((try? String(contentsOf: TestRules.shippedDirectory.appendingPathComponent("default.rules"),
                                                 encoding: .utf8)) ?? "", name: "default.rules", on: hourly)
        #expect(text.hasPrefix("error: unknown column 'production'\n  --> default.rules:15:38\n"))
        #expect(text.hasSuffix("= note: the input's columns are time, area, price"))
    }
}
