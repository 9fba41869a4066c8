import Foundation
import Testing
import Tabular
@testable import Render

@Suite struct BarRendererTests {
    /// Two cells of bar for 16 units: value v is v eighths of a cell, each
    /// eighth its own character.
    @Test func eighthPrecision() {
        let labels = (0..<16).map { String(UnicodeScalar(UInt8(97 + $0))) }
        let values = (1...16).map { Double?(Double($0)) }
        // width 9 = label 1 + 2 + bar 2 + 2 + value 2.
        let text = BarRenderer.render(labels: labels, values: values, options: BarOptions(width: 9))
        let bars = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█", "█▏", "█▎", "█▍", "█▌", "█▋", "█▊", "█▉", "██"]
        var expected = ""
        for i in 0..<16 {
            let bar: String = bars[i].count == 1 ? bars[i] + " " : bars[i]
            expected += labels[i] + "  " + bar + "  " + String(i + 1).leftPadded(to: 2) + "\n"
        }
        #expect(text == expected)
    }

    /// Negative values grow left from an axis; both sides share one scale.
    /// width 30: labels 4, values 2 → 20 cells of bar: 19 for 8 units
    /// (2.375 per unit) plus the axis; left of it ⌈2 × 2.375⌉ = 5 cells.
    @Test func negativeValues() {
        let text = BarRenderer.render(labels: ["up", "down", "zero", "none"], values: [6, -2, 0, nil], options: BarOptions(width: 30))
        let blank14 = String(repeating: " ", count: 14), blank5 = String(repeating: " ", count: 5)
        let expected = "up    " + blank5 + "│" + String(repeating: "█", count: 14) + "   6\n"
            + "down  █████│" + blank14 + "  -2\n"
            + "zero  " + blank5 + "│" + blank14 + "   0\n"
            + "none  " + blank5 + "│" + blank14 + "   ·\n"
        #expect(text == expected)
        // Half-cell precision on the left: 0.2 units is 0.475 cells, one half (▐).
        let half = BarRenderer.render(labels: ["a", "b"], values: [8, -0.2], options: BarOptions(width: 30))
        #expect(half.split(separator: "\n")[1].contains("▐│"))
    }

    /// Tiny non-zero values stay visible; long labels are cut; all lines fit.
    @Test func fitsAndKeepsTinyValues() {
        let text = BarRenderer.render(labels: ["OffshoreWindPowerAndMore", "SolarPower"], values: [2345.6, 0.3],
                                      options: BarOptions(width: 40, unit: "MWh"))
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { DisplayText.width($0) <= 40 })
        #expect(lines[0].hasPrefix("OffshoreWind…  "))
        #expect(lines[1].contains("  ▏ "))
        #expect(lines[0].hasSuffix("2345.6 MWh") && lines[1].hasSuffix("   0.3 MWh"))
    }

    /// From rows: the first text column labels, the first number column sizes,
    /// its unit shown after each value, a header line; colour only when asked.
    @Test func fromRows() throws {
        let rows = RowSet(columns: [Column("type", .text), Column("production", .double, unit: "MWh")],
                          rows: [[.text("Wind"), .double(1500)], [.text("Solar"), .double(500)]])
        let text = try BarRenderer.render(rows, options: BarOptions(width: 36))
        // values `1500 MWh` (8), labels 5, bar 36 − 5 − 8 − 4 = 19 cells; Solar a third: 6⅓ → 6 cells and 3/8.
        #expect(text == """
            type                      production
            Wind   ███████████████████  1500 MWh
            Solar  ██████▍               500 MWh

            """)
        let coloured = try BarRenderer.render(rows, options: BarOptions(width: 36, color: true))
        #expect(coloured.contains("\u{1B}[36m") && ANSI.strip(coloured) == text)
        #expect(throws: RenderError.self) { try BarRenderer.render(rows, value: "type") }
        #expect(throws: RenderError.self) { try BarRenderer.render(rows, label: "nope") }
    }
}

@Suite struct SparklineTests {
    @Test func levels() {
        #expect(Sparkline.string([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.string([nil, 0, 10, .nan]) == " ▁█ ")
        #expect(Sparkline.string([5, 5, 5]) == "▄▄▄")
        #expect(Sparkline.string([]) == "")
        #expect(Sparkline.string([nil, nil]) == "  ")
        // On a shared scale 0…70 the value 10 is level 1 (▂), 70 is █.
        #expect(Sparkline.string([0, 10, 70], low: 0, high: 70) == "▁▂█")
    }

    @Test func downsampleAverages() {
        let values: [Double?] = [1, 3, nil, nil, 5, 7]
        #expect(Sparkline.downsample(values, to: 3) == [2, nil, 6])
        #expect(Sparkline.downsample(values, to: 10) == values)
    }

    /// The DST day per area from the recorded 2024 prices: one row per area,
    /// 25 characters (one per hour), min and max as in the data.
    @Test func pricesShapePerArea() throws {
        let from = Recorded.date(2024, 10, 26, 22), to = Recorded.date(2024, 10, 27, 23)
        var rows: [[Value]] = []
        for area in ["DK1", "DK2"] {
            rows += try Recorded.prices(Recorded.prices2024, area: area, from: from, to: to).rows.map { $0 + [.text(area)] }
        }
        let prices = RowSet(columns: [Column("hour", .time), Column("price", .double, unit: "EUR/MWh"), Column("area", .text)], rows: rows)
        let summary = try Sparkline.summarize(prices, groupBy: ["area"], value: "price", order: "hour")
        #expect(summary.columns.map(\.name) == ["area", "min", "max", "spark"])
        #expect(summary.columns[1].unit == "EUR/MWh")
        #expect(summary.rows.map { $0[0] } == [.text("DK1"), .text("DK2")])
        // DK2 that day: 39.99 at 12:00 (the 14th hour, index 13) up to 148.30 at 17:00 (index 18).
        let dk2 = summary.rows[1]
        #expect(dk2[1] == .double(39.990002) && dk2[2] == .double(148.300003))
        let spark = Array(dk2[3].text!)
        #expect(spark.count == 25 && spark[13] == "▁" && spark[18] == "█")
        #expect(throws: RenderError.self) { try Sparkline.summarize(prices, groupBy: ["area"], value: "area") }
        #expect(throws: RenderError.self) { try Sparkline.summarize(prices, groupBy: ["zone"], value: "price") }
        let shared = try Sparkline.summarize(prices, groupBy: ["area"], value: "price", width: 5, sharedScale: true)
        #expect(shared.rows.allSatisfy { $0[3].text!.count == 5 })
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
