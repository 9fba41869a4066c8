import Basics
import Foundation
import Query
import Render
import Stages
import Tabular
import Testing

/// A chart of a live source redraws in place on a terminal, at most a few
/// times a second; not on a terminal it prints the rows, then the final chart.
@Suite struct LivePictureTests {
    struct Run {
        var text: String
        var flushes: Int
    }

    func run(_ pipeline: String, terminal: TerminalFacts) throws -> Run {
        let clock = TestClock()
        let output = TextOutput()
        var context = ExecutionContext(output: output, terminal: terminal)
        context.now = { clock.now }
        try LiveSeriesStage.executor(clock: clock).execute(pipeline, context: context)
        return Run(text: output.text, flushes: output.flushCount)
    }

    /// The frames a redrawing output holds, and the line counts each "go back up" named.
    func frames(_ text: String) -> (frames: [String], ups: [Int]) {
        var frames: [String] = []
        var ups: [Int] = []
        var rest = Substring(text)
        while let range = rest.range(of: "\r\u{1B}[") {
            let afterEscape = rest[range.upperBound...]
            let digits = afterEscape.prefix { $0.isNumber }
            let tail = afterEscape.dropFirst(digits.count)
            guard tail.hasPrefix("A\u{1B}[J") else { break }
            frames.append(String(rest[..<range.lowerBound]))
            ups.append(Int(digits) ?? -1)
            rest = tail.dropFirst(4)
        }
        frames.append(String(rest))
        return (frames, ups)
    }

    let terminal = TerminalFacts(width: 60, height: 16, isTerminal: true, color: false)
    let options = ChartOptions(width: 60, height: 12)

    @Test func onATerminalTheChartIsRedrawnInPlaceAFewTimesASecond() throws {
        let result = try run("series count=40 | chart", terminal: terminal)
        let (frames, ups) = frames(result.text)
        // 40 rows, 0.1 s apart: 4 s of rows, a redraw at most every 0.25 s, plus the last.
        #expect(frames.count >= 2 && frames.count <= 18, "\(frames.count) frames")
        // Each redraw goes back up over the whole previous chart (12 lines) and clears.
        #expect(ups.allSatisfy { $0 == 12 })
        let all = RowSet(schema: LiveSeriesStage.schema, rows: (0..<40).map(LiveSeriesStage.row))
        #expect(frames.last == (try ChartRenderer.render(all, options: options)))
        // The first frame came with the first row.
        let first = RowSet(schema: LiveSeriesStage.schema, rows: [LiveSeriesStage.row(0)])
        #expect(frames.first == (try ChartRenderer.render(first, options: options)))
        #expect(result.flushes >= frames.count)
    }

    @Test func aRowForTheSameTimeReplacesTheEarlierOne() throws {
        let result = try run("series count=12 repeat=true | chart y=price", terminal: terminal)
        let last = try #require(frames(result.text).frames.last)
        let finals = RowSet(schema: LiveSeriesStage.schema, rows: (0..<12).map(LiveSeriesStage.row))
        #expect(last == (try ChartRenderer.render(finals, options: ChartOptions(y: ["price"], width: 60, height: 12))))
        // With the partial values kept, the chart would dip to -30.
        #expect(!last.contains("-"))
    }

    @Test func notOnATerminalTheRowsArePrintedThenTheFinalChart() throws {
        let plain = TerminalFacts(width: 60, height: nil, isTerminal: false, color: false)
        let result = try run("series count=10 | chart", terminal: plain)
        #expect(!result.text.contains("\u{1B}"))
        let table = TableStreamRenderer(schema: LiveSeriesStage.schema,
                                        options: TableOptions(width: 60, timeZone: .copenhagen, footer: false))
        let rows = (0..<10).map(LiveSeriesStage.row)
        let chart = try ChartRenderer.render(RowSet(schema: LiveSeriesStage.schema, rows: rows),
                                             options: ChartOptions(width: 60, height: 20))
        #expect(result.text == table.header() + rows.map(table.row).joined() + "\n" + chart)
        // Each row was flushed as it came.
        #expect(result.flushes >= 11)
    }

    @Test func barsOfALiveSourceWorkTheSameWay() throws {
        let plain = try run("series count=4 | bar production label=time width=50", terminal: .plain)
        let rows = RowSet(schema: LiveSeriesStage.schema, rows: (0..<4).map(LiveSeriesStage.row))
        #expect(plain.text.hasSuffix("\n" + (try BarRenderer.render(rows, label: "time", value: "production",
                                                                    options: BarOptions(width: 50)))))
        let redrawn = try run("series count=30 | bar production label=time width=50", terminal: terminal)
        let (frames, _) = frames(redrawn.text)
        #expect(frames.count >= 2 && frames.count < 30)
        let all = RowSet(schema: LiveSeriesStage.schema, rows: (0..<30).map(LiveSeriesStage.row))
        #expect(frames.last == (try BarRenderer.render(all, label: "time", value: "production", options: BarOptions(width: 50))))
    }
}
