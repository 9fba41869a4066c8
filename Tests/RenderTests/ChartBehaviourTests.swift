import Basics
import Foundation
import Testing
import Tabular
@testable import Render

/// How `chart` picks columns, splits series and says what is wrong.
@Suite struct ChartBehaviourTests {
    static let day0 = Day(year: 2024, month: 10, day: 1)

    static func daily(_ n: Int) -> RowSet {
        var day = day0
        var rows: [[Value]] = []
        for i in 0..<n {
            rows.append([.day(day), .text(i % 2 == 0 ? "DK1" : "DK2"), .double(Double(50 + i)), .double(Double(20_000 + 100 * i)),
                         .double(Double(40 + i)), .int(Int64(i))])
            if i % 2 == 1 { day = day.next }
        }
        return RowSet(columns: [Column("day", .day), Column("area", .text), Column("avg_price", .double, unit: "EUR/MWh"),
                                Column("total_production", .double, unit: "MWh"), Column("min_price", .double, unit: "EUR/MWh"),
                                Column("n", .int)], rows: rows)
    }

    @Test func defaultsToPriceAndProduction() throws {
        let (series, kind) = try ChartRenderer.series(from: Self.daily(10), options: ChartOptions())
        #expect(series.map(\.name) == ["avg_price", "total_production"])
        #expect(series.map(\.unit) == ["EUR/MWh", "MWh"])
        #expect(kind == .day)
    }

    @Test func bySplitsSeriesSortedByValue() throws {
        let options = ChartOptions(y: ["avg_price", "min_price"], by: "area")
        let (series, _) = try ChartRenderer.series(from: Self.daily(10), options: options)
        #expect(series.map(\.name) == ["DK1 avg_price", "DK2 avg_price", "DK1 min_price", "DK2 min_price"])
        #expect(series[0].ys == [50, 52, 54, 56, 58] && series[1].ys == [51, 53, 55, 57, 59])
        let text = try ChartRenderer.render(Self.daily(10), options: ChartOptions(y: ["avg_price"], by: "area", width: 60, height: 12))
        #expect(text.contains("⠒⠒ DK1") && text.contains("⠂⠂ DK2"))
    }

    @Test func errorsSayWhatToDo() {
        let rows = Self.daily(4)
        func code(_ options: ChartOptions, _ data: RowSet = Self.daily(4)) -> RenderError.Code? {
            do { _ = try ChartRenderer.render(data, options: options); return nil } catch let e as RenderError { return e.code } catch { return nil }
        }
        #expect(code(ChartOptions(y: ["price"])) == .unknownColumn)
        #expect(code(ChartOptions(y: ["area"])) == .wrongColumnType)
        #expect(code(ChartOptions(x: "area")) == .wrongColumnType)
        #expect(code(ChartOptions(width: 100_000, height: 20)) == .tooSmall)
        #expect(code(ChartOptions(by: "zone")) == .unknownColumn)
        #expect(code(ChartOptions(y: ["avg_price", "total_production", "n"])) == .tooManyUnits)
        #expect(code(ChartOptions(width: 80, height: 4)) == .tooSmall)
        #expect(code(ChartOptions(width: 12, height: 20)) == .tooSmall)
        #expect(code(ChartOptions(), RowSet(columns: rows.columns)) == .noData)
        let nulls = RowSet(columns: rows.columns, rows: rows.rows.map { [$0[0], $0[1], .null, .null, .null, .null] })
        #expect(code(ChartOptions(), nulls) == .noData)
        do {
            _ = try ChartRenderer.render(rows, options: ChartOptions(y: ["avg_price", "total_production", "n"]))
        } catch let error as RenderError {
            #expect(error.message == "a chart has two y axes but these measures have 3 units (EUR/MWh, MWh, (none)); choose measures of at most two units with y=")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Unsorted rows draw the same chart as sorted ones; one point draws a dot.
    @Test func orderAndSinglePoint() throws {
        let rows = Self.daily(20)
        let shuffled = RowSet(schema: rows.schema, rows: rows.rows.reversed())
        let options = ChartOptions(y: ["avg_price"], by: "area", width: 60, height: 12)
        #expect(try ChartRenderer.render(shuffled, options: options) == ChartRenderer.render(rows, options: options))
        let one = RowSet(schema: rows.schema, rows: [rows.rows[0]])
        let text = try ChartRenderer.render(one, options: ChartOptions(y: ["avg_price"], width: 40, height: 10, style: .ascii))
        let lines = text.split(separator: "\n").map(String.init)
        // The dot, and the legend's two-mark sample; the dot mid-plot under its label `Oct` (1 October).
        #expect(text.filter { $0 == "*" }.count == 3)
        let dotColumn = lines.first { $0.contains("*") }!.firstIndex(of: "*")!.utf16Offset(in: lines.first { $0.contains("*") }!)
        let labelLine = lines[lines.count - 2]
        #expect(labelLine.trimmingCharacters(in: .whitespaces) == "Oct")
        let labelStart = labelLine.firstIndex(of: "O")!.utf16Offset(in: labelLine)
        #expect(abs(dotColumn - (labelStart + 1)) <= 1)
    }

    /// Every line of a chart fits its width and the chart has exactly its height, for many sizes.
    @Test func sizesAreExact() throws {
        let rows = try ChartGoldenTests.dailyRows.get()
        for (width, height) in [(30, 8), (41, 9), (64, 16), (80, 24), (120, 30), (200, 50)] {
            for style in ChartStyle.allCases {
                let text = try ChartRenderer.render(rows, options: ChartOptions(width: width, height: height, style: style, title: "DK2 daily"))
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.count == height)
                #expect(lines.allSatisfy { DisplayText.width($0) <= width }, "\(width)×\(height) \(style)")
                if style == .ascii { #expect(text.unicodeScalars.allSatisfy { $0.isASCII }) }
            }
        }
    }

    /// The benchmark entry point works; the figure is printed, not asserted
    /// (this is a debug build; scripts/bench measures a release build).
    @Test func benchmarkRuns() throws {
        let result = try ChartBenchmark.run(points: 100_000, width: 120, height: 30, runs: 2)
        print(result)
        #expect(result.rowSetMilliseconds.count == 2)
    }
}
