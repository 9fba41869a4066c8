import Foundation
import Query
import Render
import Stages
import Tabular
import TestSupport
import Testing

/// chart, bar and spark show exactly what the renderers make of the same
/// rows at the size and colour the context gives; note and print write text.
@Suite struct PictureStageTests {
    func output(_ text: String, terminal: TerminalFacts = .plain) throws -> String {
        let output = TextOutput()
        var context = try Fixture.context(output: output)
        context.terminal = terminal
        try Executor().execute(text, context: context)
        return output.text
    }

    let days = "daily area=DK2 since=2024-09-01 until=2024-11-01"

    @Test func chartIsTheRenderersChartAtTheTerminalsSize() throws {
        let rows = try Fixture.rows(days)
        for color in [false, true] {
            let text = try output(days + " | chart", terminal: TerminalFacts(width: 100, height: 30, isTerminal: true, color: color))
            // Height: the terminal's less 4 lines.
            let expected = try ChartRenderer.render(rows, options: ChartOptions(width: 100, height: 26, color: color))
            #expect(text == expected)
            #expect(text.contains("\u{1B}[") == color)
            let lines = ANSI.strip(text).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 26 && lines.allSatisfy { $0.count <= 100 })
            // Price and production by default, each on its axis.
            #expect(lines[0].hasPrefix("EUR/MWh") && lines[0].hasSuffix("MWh"))
            #expect(lines.last?.contains("price (left)") == true && lines.last?.contains("production (right)") == true)
        }
    }

    @Test func chartArgumentsReachTheRenderer() throws {
        let rows = try Fixture.rows(days)
        let text = try output(days + " | chart y=price,production style=ascii width=72 height=18 title='DK2, autumn 2024'",
                              terminal: TerminalFacts(width: 200, height: 60, isTerminal: true, color: true))
        let options = ChartOptions(y: ["price", "production"], width: 72, height: 18, style: .ascii, color: true,
                                   title: "DK2, autumn 2024")
        #expect(text == (try ChartRenderer.render(rows, options: options)))
        let block = try output(days + " | chart price style=block x=day")
        #expect(block == (try ChartRenderer.render(rows, options: ChartOptions(x: "day", y: ["price"], style: .block))))
    }

    @Test func withoutATerminalAChartIs80By20AndRowsOfSeveralAreasAreSplitByArea() throws {
        let hours = "hourly area=DK1,DK2 since=2024-10-01 until=2024-10-04"
        let rows = try Fixture.rows(hours)
        let text = try output(hours + " | chart price")
        #expect(text == (try ChartRenderer.render(rows, options: ChartOptions(y: ["price"], by: "area"))))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 20 && lines.allSatisfy { $0.count <= 80 })
        #expect(lines.last?.contains("DK1") == true && lines.last?.contains("DK2") == true)
        // One area: one series per measure.
        let one = try output("hourly area=DK2 since=2024-10-01 until=2024-10-04 | chart price")
        #expect(one.split(separator: "\n").last?.contains("DK2") == false)
    }

    @Test func chartErrorsPointAtTheArgument() throws {
        func rendered(_ text: String) -> String { Fixture.error(text)?.rendered() ?? "no error" }
        #expect(rendered(days + " | chart y=area").hasPrefix("error: y=area is text; a chart draws number columns"))
        let misspelt = rendered(days + " | chart y=price,pirce")
        #expect(misspelt.hasPrefix("error: unknown column 'pirce'") && misspelt.contains("did you mean 'price'?"))
        #expect(rendered(days + " | chart width=5").hasPrefix("error: 'width' must be from 20 to 1000"))
        #expect(rendered(days + " | chart y=price,production,price_intervals")
            .hasPrefix("error: a chart has two y axes but these measures have 3 units"))
        #expect(rendered("total | select area production | chart").hasPrefix("error: nothing to put on the x axis"))
        #expect(rendered(days + " | chart height=6 title=x").contains("the chart does not fit: height=6"))
        #expect(try output("daily area=DK2 since=2030-01-01 until=2030-02-01 | chart") == "(nothing to chart: no rows)\n")
    }

    @Test func barIsTheRenderersBarsLabelledByWhatDiffers() throws {
        let pipeline = "production area=DK2 since=2024-10-01 until=2024-10-08 by=type"
        let rows = try Fixture.rows(pipeline)
        #expect(rows.columns.map(\.name) == ["area", "type", "production"])
        for color in [false, true] {
            let text = try output(pipeline + " | bar", terminal: TerminalFacts(width: 90, isTerminal: true, color: color))
            // Every row is DK2: the bars are labelled by type.
            #expect(text == (try BarRenderer.render(rows, label: "type", options: BarOptions(width: 90, color: color))))
            #expect(text.contains("\u{1B}[") == color)
        }
        let lines = try output(pipeline + " | bar").split(separator: "\n")
        #expect(lines.count == rows.count + 1 && lines.allSatisfy { $0.count <= 80 })
        #expect(lines[0].hasPrefix("type") && lines[0].hasSuffix("production"))

        let total = try output("total | bar production width=50")
        #expect(total == (try BarRenderer.render(try Fixture.rows("total"), label: "area", value: "production",
                                                options: BarOptions(width: 50))))
        // Day and area both differ: both label each bar.
        let twoAreas = try output("daily area=DK1,DK2 since=2024-10-01 until=2024-10-03 | bar price")
        #expect(twoAreas.split(separator: "\n").map { String($0.prefix(14)) }
            == ["day area      ", "2024-10-01 DK1", "2024-10-01 DK2", "2024-10-02 DK1", "2024-10-02 DK2"])
        #expect(Fixture.error("total | bar area")?.rendered().hasPrefix("error: value=area is text; bars need numbers") == true)
    }

    @Test func sparkIsOneRowPerAreaWithThePriceShape() throws {
        let pipeline = "hourly area=DK1,DK2 since=2024-10-01 until=2024-10-08"
        let hours = try Fixture.rows(pipeline)
        let sparks = try Fixture.rows(pipeline + " | spark")
        let expected = try Sparkline.summarize(hours, groupBy: ["area"], value: "price", order: "time", width: 48)
        #expect(sparks == expected)
        #expect(sparks.columns.map(\.name) == ["area", "min", "max", "spark"] && sparks.columns[1].unit == "EUR/MWh")
        for row in sparks.rows {
            let prices = hours.rows.filter { $0[1] == row[0] }.compactMap { $0[2].number }
            #expect(prices.count == 168)
            #expect(row[1].number == prices.min() && row[2].number == prices.max())
            // 168 hours averaged into 48 characters, the cheapest at ▁ and the dearest at █.
            let line = row[3].description
            #expect(line.count == 48 && line.contains("▁") && line.contains("█"))
        }
        // The planner knows the columns before running.
        let plan = try Fixture.plan(pipeline + " | spark price width=20 shared=true")
        #expect(plan.outputSchema == expected.schema)
        let shared = try Fixture.rows(pipeline + " | spark price width=20 shared=true")
        #expect(shared == (try Sparkline.summarize(hours, groupBy: ["area"], value: "price", order: "time", width: 20,
                                                    sharedScale: true)))
        let byType = try Fixture.rows("production area=DK2 since=2024-10-01 until=2024-10-08 by=hour,type | spark production by=type")
        #expect(byType.columns.map(\.name) == ["type", "min", "max", "spark"] && byType.count >= 8)
    }

    @Test func notePrintsItsLinesAndPrintWritesPlainRows() throws {
        #expect(try output("note 'one\n  two' | print") == "one\n  two\n")
        #expect(try output("note \"\nStep 1.\n\" | print") == "\nStep 1.\n\n")
        let rows = try Fixture.rows("total | select area production")
        let printed = try output("total | select area production | print").split(separator: "\n")
        #expect(printed.count == rows.count)
        for (line, row) in zip(printed, rows.rows) {
            let parts = line.components(separatedBy: "  ")
            #expect(parts.count == 2 && parts[0] == row[0].description)
            #expect(abs((Double(parts[1]) ?? .nan) - (row[1].number ?? 0)) < 0.5)
        }
        // No database needed for a note.
        let output = TextOutput()
        try Executor().execute("note 'hello' | print", context: ExecutionContext(output: output))
        #expect(output.text == "hello\n")
    }

    @Test func tablesOnATerminalStopAtMaxRowsAndShowUnitsUnderNames() throws {
        let text = try output(days + " | table", terminal: TerminalFacts(width: 100, isTerminal: true, maxRows: 10))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("day         area    price  min_price"))
        #expect(lines[1].contains("EUR/MWh") && lines[1].contains("MWh"))
        #expect(lines.contains("… 51 more rows (.maxrows)"))
        #expect(lines[3].hasPrefix("2024-09-01") && lines[lines.count - 2].hasPrefix("2024-10-31"))
        #expect(lines.last == "(61 rows)")
        // Piped (no terminal), every row.
        #expect(try output(days + " | table").split(separator: "\n").count == 61 + 4)
    }

    @Test func aHourProfileChartsAndATextKeyDrawsBars() throws {
        let profile = try output("prices area=DK2 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price by hour(time) | chart width=60 height=14 style=ascii")
        let lines = profile.split(separator: "\n").map(String.init)
        #expect(lines.count == 14 && lines.allSatisfy { $0.count <= 60 })
        #expect(lines[lines.count - 2].contains("0") && lines[lines.count - 2].contains("20"))
        let bars = try output("prices area=DK1,DK2,DE since=2024-01-01 until=2025-01-01 | summarize count() as hours by area | chart x=area width=50")
        #expect(bars.hasPrefix("area") && bars.contains("DK1 ") && bars.contains("8784"))
    }
}
