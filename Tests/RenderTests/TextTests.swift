import Foundation
import Testing
import Tabular
@testable import Render

@Suite struct DisplayTextTests {
    @Test func widths() {
        #expect(DisplayText.width("æøåÆØÅ") == 6)
        #expect(DisplayText.width("a\u{30A}") == 1)     // å as a + combining ring
        #expect(DisplayText.width("東京") == 4)
        #expect(DisplayText.width("…─┤⣿▌") == 5)
        #expect(DisplayText.width("👍") == 2)
        #expect(DisplayText.width("👩‍💻") == 2)           // one grapheme with a zero-width joiner
        #expect(DisplayText.width("\u{200B}") == 0)
    }

    @Test func truncation() {
        #expect(DisplayText.truncate("Ærøskøbing", to: 10) == "Ærøskøbing")
        #expect(DisplayText.truncate("Ærøskøbing", to: 6) == "Ærøsk…")
        #expect(DisplayText.truncate("Ærøskøbing", to: 1) == "…")
        #expect(DisplayText.truncate("Ærøskøbing", to: 0) == "")
        #expect(DisplayText.truncate("Ærøskøbing", to: 6, asciiOnly: true) == "Ærø...")
    }

    @Test func padding() {
        #expect(DisplayText.padLeft("ø", to: 3) == "  ø")
        #expect(DisplayText.padRight("東", to: 3) == "東 ")
        #expect(DisplayText.padRight("long", to: 2) == "long")
    }

    @Test func escaping() {
        #expect(DisplayText.escapeControls("plain æøå") == "plain æøå")
        #expect(DisplayText.escapeControls("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(DisplayText.escapeControls("\u{1B}[2J\u{0}\u{85}\u{9B}") == "\\u{1B}[2J\\u{0}\\u{85}\\u{9B}")
        #expect(DisplayText.escapeControls("\u{202E}\u{2066}\u{FEFF}\u{2028}") == "\\u{202E}\\u{2066}\\u{FEFF}\\u{2028}")
        #expect(DisplayText.escapeControls("👩‍💻") == "👩‍💻")
    }
}

@Suite struct ANSITests {
    @Test func wrapAndStrip() {
        let red = ANSI.wrap("-3.50", .red)
        #expect(red == "\u{1B}[31m-3.50\u{1B}[0m")
        #expect(ANSI.strip(red) == "-3.50")
        #expect(ANSI.apply("x", .bold, if: false) == "x")
        #expect(ANSI.wrap("", .bold) == "")
        #expect(ANSI.strip("a\u{1B}[1;38;5;208mb\u{1B}]8;;http://x\u{7}link\u{1B}]8;;\u{1B}\\c\u{1B}(Bd") == "ablinkcd")
        #expect(ANSI.strip("no escapes") == "no escapes")
    }

    /// The cursor movements of a progress line and a live picture: exact bytes, and nothing left once stripped.
    @Test func redrawingInPlace() {
        #expect(ANSI.clearLine == "\r\u{1B}[K")
        #expect(ANSI.clearUp(lines: 3) == "\r\u{1B}[3A\u{1B}[J")
        #expect(ANSI.clearUp(lines: 0) == "\r\u{1B}[J")
        #expect(ANSI.strip(ANSI.clearUp(lines: 12) + "x") == "\rx")
    }
}

@Suite struct ColorChoiceTests {
    @Test(arguments: [
        (ColorChoice.auto, true, [String: String](), true),
        (.auto, false, [:], false),
        (.auto, true, ["NO_COLOR": "1"], false),
        (.auto, true, ["NO_COLOR": ""], true),        // empty NO_COLOR does not count (no-color.org)
        (.auto, true, ["TERM": "dumb"], false),
        (.always, false, ["NO_COLOR": "1"], true),    // an explicit flag wins
        (.never, true, [:], false),
    ])
    func resolve(choice: ColorChoice, isTerminal: Bool, environment: [String: String], expected: Bool) {
        #expect(choice.resolve(isTerminal: isTerminal, environment: environment) == expected)
    }

    @Test func parsesFlagValues() {
        #expect(ColorChoice(rawValue: "auto") == .auto && ColorChoice(rawValue: "never") == .never && ColorChoice(rawValue: "no") == nil)
    }
}

/// With colour off, no renderer emits an escape byte, even for data that
/// holds escapes (they are shown as `\u{1B}`) or is written raw (CSV/JSON
/// escape or keep data; here the data has none of its own).
@Suite struct NoColourTests {
    @Test func noEscapeAnywhere() throws {
        let hostile = RowSet(columns: [Column("hour", .time), Column("name", .text), Column("v", .double, unit: "EUR/MWh")],
                             rows: (0..<30).map { i in
                                 [.time(Recorded.date(2024, 1, 1, i)), .text(i == 3 ? "\u{1B}[31mred\u{1B}[0m" : "row \(i)"),
                                  .double(Double(i * 7 % 11) - 4)]
                             })
        var outputs = [
            TableRenderer.render(hostile, options: TableOptions(width: 60)),
            MarkdownWriter.write(hostile),
            try BarRenderer.render(hostile, options: BarOptions(width: 60)),
            TableRenderer.render(try Sparkline.summarize(hostile, groupBy: [], value: "v")),
        ]
        let stream = TableStreamRenderer(schema: hostile.schema, options: TableOptions(width: 60), sample: [])
        outputs.append(stream.header() + hostile.rows.map(stream.row).joined())
        for style in ChartStyle.allCases {
            outputs.append(try ChartRenderer.render(hostile, options: ChartOptions(by: "name", width: 80, height: 30, style: style, title: "\u{1B}[1mtitle")))
        }
        for output in outputs { #expect(!output.unicodeScalars.contains("\u{1B}"), "\(output)") }
        // JSON escapes it; CSV keeps data as it is (it is for programs, never coloured by us).
        #expect(!JSONLinesWriter.write(hostile).unicodeScalars.contains("\u{1B}"))
    }
}
