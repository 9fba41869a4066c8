import Basics
import Foundation
import Testing
import Tabular
@testable import Render

/// Tables: fitting widths, cutting with `…`, alignment, units, escaping.
/// Expected tables below were worked out by hand from the rules in
/// `TableLayout` and `CellFormat` (see the comments), not copied from output.
@Suite struct TableRendererTests {
    /// Natural widths: day 10, area 4, avg_price 9 (its name; `EUR/MWh` under
    /// it is 7), production 10 (`MWh` 3), note 34 (the Danish sentence; æ, ø,
    /// Æ, — are one column each) → 75 with four 2-space gaps.
    static let daily = RowSet(
        columns: [Column("day", .day), Column("area", .text), Column("avg_price", .double, unit: "EUR/MWh"),
                  Column("production", .double, unit: "MWh"), Column("note", .text)],
        rows: [
            [.day(Day(year: 2024, month: 10, day: 27)), .text("DK2"), .double(92.2212), .double(24051.7), .text("Vindstille på Ærø — lav produktion")],
            [.day(Day(year: 2024, month: 10, day: 28)), .text("DK2"), .double(-3.5), .double(31000.25), .text("ok")],
            [.day(Day(year: 2024, month: 10, day: 29)), .text("DK1"), .null, .double(9000), .text("linje1\nlinje2\tfane")],
        ])

    /// Everything fits at 120 (and at 75): names on the first header line,
    /// units right-aligned under the numbers' names on the second; prices
    /// with 2 decimals (a EUR unit), production with 0 (largest ≥ 10,000),
    /// null as `·` aligned like its column, control characters shown as `\n` and `\t`.
    @Test func fitsAt120() {
        let expected = """
            day         area  avg_price  production  note
                                EUR/MWh         MWh
            ──────────  ────  ─────────  ──────────  ──────────────────────────────────
            2024-10-27  DK2       92.22       24052  Vindstille på Ærø — lav produktion
            2024-10-28  DK2       -3.50       31000  ok
            2024-10-29  DK1           ·        9000  linje1\\nlinje2\\tfane
            (3 rows)

            """
        #expect(TableRenderer.render(Self.daily, options: TableOptions(width: 120)) == expected)
        #expect(TableRenderer.render(Self.daily, options: TableOptions(width: nil)) == expected)
        #expect(TableRenderer.render(Self.daily, options: TableOptions(width: 75)) == expected)
    }

    /// At 70 the table is 5 too wide: only the text column `note` shrinks,
    /// 34 → 29, its long cell cut to 28 characters and `…`.
    @Test func fitsAt70() {
        let expected = """
            day         area  avg_price  production  note
                                EUR/MWh         MWh
            ──────────  ────  ─────────  ──────────  ─────────────────────────────
            2024-10-27  DK2       92.22       24052  Vindstille på Ærø — lav prod…
            2024-10-28  DK2       -3.50       31000  ok
            2024-10-29  DK1           ·        9000  linje1\\nlinje2\\tfane
            (3 rows)

            """
        let text = TableRenderer.render(Self.daily, options: TableOptions(width: 70))
        #expect(text == expected)
        #expect(text.split(separator: "\n").allSatisfy { DisplayText.width($0) <= 70 })
    }

    /// At 40 even the narrowest columns (day 10, area 4, avg_price 9 and
    /// production 10 never cut, note its floor of 20: 61 with gaps) do not
    /// fit, so columns are left out from the middle: first, last, second …
    /// while they fit (day 10, the `…` column 1, note 20: 35; area would make
    /// 41); then note grows back to what is left (25). Values are never cut.
    @Test func fitsAt40() {
        let expected = """
            day         …  note
            ──────────  ─  ─────────────────────────
            2024-10-27  …  Vindstille på Ærø — lav …
            2024-10-28  …  ok
            2024-10-29  …  linje1\\nlinje2\\tfane
            +3 columns not shown: area, avg_price, …
            (3 rows)

            """
        #expect(TableRenderer.render(Self.daily, options: TableOptions(width: 40)) == expected)
    }

    /// Narrower still: the first column and `…`, a note names the rest.
    @Test func leavesOutColumnsThatCannotFit() {
        let text = TableRenderer.render(Self.daily, options: TableOptions(width: 30, footer: false))
        let lines = text.split(separator: "\n").map(String.init)
        // day 10 and `…` (13 with the gap); note at its floor would make 35.
        #expect(lines[0] == "day         …")
        #expect(lines.last == "+4 columns not shown: area, a…")
        #expect(lines.allSatisfy { DisplayText.width($0) <= 30 })
        // `decision` and `reason` stay whole while columns in the middle make room.
        let decided = RowSet(columns: [Column("day", .day), Column("price", .double, unit: "EUR/MWh"),
                                       Column("production", .double, unit: "MWh"), Column("decision", .text),
                                       Column("reason", .text)],
                             rows: [[.day(Day(year: 2024, month: 10, day: 27)), .double(92.22), .double(24051.7),
                                     .text("MONITOR"), .text("mixed market signals")]])
        // Natural 63 wide: day, reason, price and decision fit in 60 (54 with the `…` column), production does not.
        let narrow = TableRenderer.render(decided, options: TableOptions(width: 60, footer: false))
        #expect(narrow.hasPrefix("day           price  …  decision  reason\n"))
        #expect(narrow.contains("MONITOR   mixed market signals"))
        #expect(narrow.split(separator: "\n").allSatisfy { DisplayText.width($0) <= 60 })
    }

    /// `maxRows`: the first and last rows around a line saying how many are not shown.
    @Test func longResultsStopAtMaxRows() {
        let rows = RowSet(columns: [Column("n", .int)], rows: (1...100).map { [.int(Int64($0))] })
        let text = TableRenderer.render(rows, options: TableOptions(maxRows: 5))
        #expect(text == "  n\n───\n  1\n  2\n  3\n… 95 more rows (.maxrows)\n 99\n100\n(100 rows)\n")
        #expect(TableRenderer.render(rows, options: TableOptions(maxRows: 100)).split(separator: "\n").count == 103)
    }

    /// One column, one number of decimals, and two different values never read alike.
    @Test func decimalsAreConsistentAndDistinct() {
        let rows = RowSet(columns: [Column("low", .double)],
                          rows: [[.double(-60.04)], [.double(-59.96)], [.double(112.5)], [.double(74.71)]])
        // Largest 112.5 ≥ 100 would give 1 decimal, but -60.04 and -59.96 would both read -60.0: 2 then.
        #expect(TableRenderer.render(rows, options: TableOptions(footer: false))
                == "   low\n──────\n-60.04\n-59.96\n112.50\n 74.71\n")
    }

    /// Numbers right-aligned: every value of a number column ends in the same column.
    @Test func numbersRightAligned() {
        let rows = RowSet(columns: [Column("n", .int), Column("x", .double)],
                          rows: [[.int(5), .double(1.5)], [.int(-12345), .double(-1234.25)], [.int(0), .double(0.001)]])
        // x: largest 1234.25 ≥ 100 → 1 decimal (1234.25 rounds half to even: 1234.2); 0.001 → "0.0".
        let expected = """
                 n        x
            ──────  ───────
                 5      1.5
            -12345  -1234.2
                 0      0.0
            (3 rows)

            """
        #expect(TableRenderer.render(rows) == expected)
        #expect(TableRenderer.render(RowSet(columns: [Column("x", .double)], rows: [[.double(-0.001)], [.double(2.5)]]),
                                     options: TableOptions(footer: false)) == "   x\n────\n0.00\n2.50\n")
    }

    /// Control characters in data can never reach the terminal raw.
    @Test func controlCharactersEscaped() {
        let nasty = "a\u{1B}[31mred\u{07}\r\u{202E}evil\u{7F}"
        let rows = RowSet(columns: [Column("text", .text)], rows: [[.text(nasty)]])
        let text = TableRenderer.render(rows, options: TableOptions(footer: false))
        // 1 + 6 + 4 + 3 + 5 + 2 + 8 + 4 + 6 = 39 columns once escaped.
        let shown = "a\\u{1B}[31mred\\u{7}\\r\\u{202E}evil\\u{7F}"
        #expect(text == "text\n" + String(repeating: "─", count: 39) + "\n" + shown + "\n")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.unicodeScalars.contains("\u{202E}"))
    }

    /// Wide (CJK, emoji) and combining characters are measured by the columns
    /// they take, so the next column still lines up.
    @Test func unicodeWidths() {
        let rows = RowSet(columns: [Column("name", .text), Column("n", .int)],
                          rows: [[.text("東京"), .int(1)], [.text("Cafe\u{301}"), .int(2)], [.text("⚡å"), .int(3)]])
        let expected = """
            name  n
            ────  ─
            東京  1
            Café  2
            ⚡å   3
            (3 rows)

            """
        #expect(TableRenderer.render(rows) == expected)
        // Cutting never splits a wide character: 東京東京 into 5 columns is 東京 and `…`.
        #expect(DisplayText.truncate("東京東京", to: 5) == "東京…")
    }

    /// Times in the table's zone as `yyyy-MM-dd HH:mm`; a column holding the
    /// repeated fall-back hour shows offsets on every value.
    @Test func timesInZone() {
        let utc = { (h: Int) in Value.time(Recorded.date(2024, 10, 26, 22).addingTimeInterval(Double(h) * 3600)) }
        let ambiguous = RowSet(columns: [Column("hour", .time)], rows: (0..<4).map { [utc($0)] })
        #expect(TableRenderer.render(ambiguous, options: TableOptions(footer: false)) == """
            hour
            ──────────────────────
            2024-10-27 00:00+02:00
            2024-10-27 01:00+02:00
            2024-10-27 02:00+02:00
            2024-10-27 02:00+01:00

            """)
        let plain = RowSet(columns: [Column("hour", .time)], rows: [[utc(5)], [utc(6)]])
        #expect(TableRenderer.render(plain, options: TableOptions(footer: false)) == "hour\n────────────────\n2024-10-27 04:00\n2024-10-27 05:00\n")
        #expect(TableRenderer.render(plain, options: TableOptions(timeZone: .utc, footer: false)) == "hour\n────────────────\n2024-10-27 03:00\n2024-10-27 04:00\n")
    }

    /// Colour: bold header, red negatives, dim nulls — and nothing at all without it.
    @Test func colourOnlyWhenAsked() {
        let plain = TableRenderer.render(Self.daily, options: TableOptions(width: 80))
        let coloured = TableRenderer.render(Self.daily, options: TableOptions(width: 80, color: true))
        #expect(!plain.unicodeScalars.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1mday\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31m-3.50\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[2m·\u{1B}[0m"))
        #expect(ANSI.strip(coloured) == plain)
    }

    @Test func emptyAndSingleRow() {
        let empty = RowSet(columns: [Column("a", .int)])
        #expect(TableRenderer.render(empty) == "a\n─\n(0 rows)\n")
        let one = RowSet(columns: [Column("a", .int)], rows: [[.int(7)]])
        #expect(TableRenderer.render(one) == "a\n─\n7\n(1 row)\n")
        #expect(TableRenderer.render(one, options: TableOptions(nullText: "null", decimals: [:], footer: false)) == "a\n─\n7\n")
    }
}

/// The live-tail table: widths fixed up front, header once, one line per row.
@Suite struct TableStreamRendererTests {
    @Test func headerOnceThenRows() throws {
        let rows = try ChartGoldenTests.dstRows.get()
        let stream = TableStreamRenderer(schema: rows.schema, options: TableOptions(width: 80), sample: Array(rows.rows.prefix(2)))
        var text = stream.header()
        for row in rows.rows.prefix(5) { text += stream.row(row) }
        // hour: 16 + 6 for a possible offset (Copenhagen has DST); price: the typical 8
        // (more than its name, 5, and its unit, 7). Only the two 02:00 rows are ambiguous and show their offsets.
        #expect(text == """
            hour                       price
                                     EUR/MWh
            ──────────────────────  ────────
            2024-10-27 00:00           92.22
            2024-10-27 01:00           84.00
            2024-10-27 02:00+02:00     82.23
            2024-10-27 02:00+01:00     80.43
            2024-10-27 03:00           79.41

            """)
    }

    /// A later text longer than the column is cut; a later number wider than
    /// its column is printed whole.
    @Test func laterValuesKeepTheWidths() {
        let schema = Schema([Column("area", .text), Column("mwh", .double)])
        let stream = TableStreamRenderer(schema: schema, options: TableOptions(width: 40), sample: [[.text("DK1"), .double(12.5)]])
        // Both columns 8 wide (the typical width beats "DK1", "12.50" and the headers).
        let pad = { (n: Int) in String(repeating: " ", count: n) }
        #expect(stream.header() == "area" + pad(4) + pad(2) + pad(5) + "mwh\n────────  ────────\n")
        #expect(stream.row([.text("a very long area name"), .double(3.25)]) == "a very …" + pad(2) + pad(4) + "3.25\n")
        #expect(stream.row([.text("DK2"), .double(123456789.5)]) == "DK2" + pad(5) + pad(2) + "123456789.50\n")
        #expect(stream.row([.null, .null]) == "·" + pad(7) + pad(2) + pad(7) + "·\n")
    }
}
