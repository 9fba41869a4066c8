import Basics
import Foundation
import Testing
import Tabular
@testable import Render

/// Bad or extreme input never crashes a renderer: it draws something or
/// throws a RenderError.
@Suite struct ExtremeInputTests {
    static let awkward: [Double] = [0, -0.0, .leastNonzeroMagnitude * 2000, -.leastNonzeroMagnitude * 2000, 1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                    .nan, .infinity, -.infinity, 42]

    @Test func chartsSurvive() {
        let times: [Double] = [0, 1, 3600, -1e12, 1e12, 1e300, -1e300, .nan, .infinity]
        for x in times {
            for (i, y) in Self.awkward.enumerated() {
                let series = ChartSeries(name: "s", unit: "u", xs: [x, x + 3600, 1e9 + Double(i)], ys: [y, 42, y])
                for style in ChartStyle.allCases {
                    for (w, h) in [(1, 1), (10, 6), (60, 12)] {
                        do {
                            let text = try ChartRenderer.render(series: [series], kind: .instant(.copenhagen),
                                                                options: ChartOptions(width: w, height: h, style: style))
                            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                            #expect(lines.count == h)
                            #expect(lines.allSatisfy { DisplayText.width($0) <= w })
                            // Real instants always get time labels.
                            if abs(x) < 1e10 && h >= 6 { #expect(!lines[lines.count - 2].isEmpty, "no x labels for x=\(x)") }
                        } catch is RenderError {
                        } catch {
                            Issue.record("unexpected \(error)")
                        }
                    }
                }
            }
        }
    }

    @Test func barsAndSparklinesSurvive() {
        for width in [0, 1, 5, 9, 40] {
            let text = BarRenderer.render(labels: Self.awkward.map { "\($0)" }, values: Self.awkward, options: BarOptions(width: width))
            #expect(text.split(separator: "\n").count == Self.awkward.count)
        }
        #expect(Sparkline.string(Self.awkward).count == Self.awkward.count)
        #expect(Sparkline.string(Self.awkward, low: -1, high: 1).count == Self.awkward.count)
        #expect(BarRenderer.render(labels: [], values: []) == "")
    }

    @Test func tablesSurvive() {
        let rows = RowSet(columns: [Column("t", .time), Column("d", .double), Column("s", .text)],
                          rows: Self.awkward.map { [.time(Date(timeIntervalSince1970: $0.isFinite ? $0 : 0)), .double($0), .text(String(repeating: "x", count: 300))] }
                              + [[.time(Date(timeIntervalSince1970: 1e300)), .null], []])
        for width in [0, 1, 3, 20, 200] {
            _ = TableRenderer.render(rows, options: TableOptions(width: width))
        }
        _ = MarkdownWriter.write(rows)
        _ = CSVWriter.write(rows)
        _ = JSONLinesWriter.write(rows)
        let stream = TableStreamRenderer(schema: rows.schema, options: TableOptions(width: 1), sample: rows.rows)
        _ = rows.rows.map(stream.row)
    }
}
