import Basics
import Foundation
import Testing
import Tabular
@testable import Render

/// CSV (RFC 4180), JSON Lines and Markdown: exact text, written by hand from
/// the formats' rules.
@Suite struct WriterTests {
    static let fallBack = Recorded.date(2024, 10, 27, 1) // 02:00 CET, the second 02:00 in Copenhagen

    static let tricky = RowSet(
        columns: [Column("hour", .time), Column("area", .text), Column("price", .double, unit: "EUR/MWh"),
                  Column("n", .int), Column("ok", .bool), Column("day", .day)],
        rows: [
            [.time(fallBack), .text("DK1"), .double(-12.5), .int(3), .bool(true), .day(Day(year: 2024, month: 10, day: 27))],
            [.time(fallBack.addingTimeInterval(-3600)), .text("a,b"), .double(0.1), .int(-4), .bool(false), .null],
            [.null, .text("say \"hi\""), .double(.nan), .null, .null, .null],
            [.null, .text("two\r\nlines"), .double(.infinity), .int(0), .null, .null],
            [.null, .text(""), .null, .null, .null, .null],
            [.null, .text(" spaced ;| "), .double(1e-7), .int(Int64.max), .null, .null],
        ])

    @Test func csvQuotingAndCRLF() {
        let expected = "hour,area,price,n,ok,day\r\n"
            + "2024-10-27T02:00:00+01:00,DK1,-12.5,3,true,2024-10-27\r\n"
            + "2024-10-27T02:00:00+02:00,\"a,b\",0.1,-4,false,\r\n"
            + ",\"say \"\"hi\"\"\",,,,\r\n"       // quotes doubled; NaN written as null (empty)
            + ",\"two\r\nlines\",,0,,\r\n"       // CR LF inside quotes; infinity as null
            + ",\"\",,,,\r\n"                    // empty string quoted, null not
            + ", spaced ;| ,1e-07,9223372036854775807,,\r\n"
        #expect(CSVWriter.write(Self.tricky) == expected)
    }

    @Test func csvLineFeedsAndOtherSeparator() {
        let rows = RowSet(columns: [Column("a", .text), Column("b;c", .double)], rows: [[.text("x;y"), .double(2)]])
        #expect(CSVWriter.write(rows, lineEnding: .lf) == "a,b;c\nx;y,2\n")
        #expect(CSVWriter.write(rows, lineEnding: .lf, separator: ";") == "a;\"b;c\"\n\"x;y\";2\n")
        #expect(CSVWriter.write(rows, lineEnding: .lf, timeZone: .utc) == "a,b;c\nx;y,2\n")
    }

    /// Streaming: the header, then records as they come, same text as `write`.
    @Test func csvStreams() {
        let writer = CSVWriter(schema: Self.tricky.schema)
        let streamed = writer.header() + Self.tricky.rows.map(writer.row).joined()
        #expect(streamed == CSVWriter.write(Self.tricky))
    }

    @Test func jsonLines() throws {
        let text = JSONLinesWriter.write(Self.tricky)
        let expected = """
            {"hour":"2024-10-27T02:00:00+01:00","area":"DK1","price":-12.5,"n":3,"ok":true,"day":"2024-10-27"}
            {"hour":"2024-10-27T02:00:00+02:00","area":"a,b","price":0.1,"n":-4,"ok":false,"day":null}
            {"hour":null,"area":"say \\"hi\\"","price":null,"n":null,"ok":null,"day":null}
            {"hour":null,"area":"two\\r\\nlines","price":null,"n":0,"ok":null,"day":null}
            {"hour":null,"area":"","price":null,"n":null,"ok":null,"day":null}
            {"hour":null,"area":" spaced ;| ","price":1e-07,"n":9223372036854775807,"ok":null,"day":null}

            """
        #expect(text == expected)
        // Every line is one valid JSON object with the same keys.
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object.map { Set($0.keys) } == ["hour", "area", "price", "n", "ok", "day"])
        }
    }

    /// The one escape rule (Basics' JSONWriter, PostgreSQL's): control
    /// characters escaped (`\b` and `\f` by name), DEL, U+2028 and U+2029 as
    /// they are; the same bytes as every other JSON EnergiFlow writes.
    @Test func jsonEscapesControlCharacters() throws {
        let tricky = "\u{1B}[31m\t\\\u{0}\u{2028}ø\u{08}\u{0C}\u{7F}\u{2029}"
        let rows = RowSet(columns: [Column("t\"k", .text)], rows: [[.text(tricky)]])
        let line = JSONLinesWriter.write(rows)
        #expect(line == "{\"t\\\"k\":\"\\u001b[31m\\t\\\\\\u0000\u{2028}ø\\b\\f\u{7F}\u{2029}\"}\n")
        #expect(line == "{" + JSONWriter.quoted("t\"k") + ":" + JSONWriter.quoted(tricky) + "}\n")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object?["t\"k"] == tricky)
    }

    @Test func markdown() {
        let rows = RowSet(columns: [Column("area", .text), Column("avg_price", .double, unit: "EUR/MWh"), Column("note", .text)],
                          rows: [[.text("DK1"), .double(92.2212), .text("a | b")],
                                 [.text("DK2"), .null, .text("back\\slash\nnew")]])
        // Widths: area 4, `avg_price (EUR/MWh)` 19, note 17: `back\\slash\\nnew`
        // (the newline made visible as `\n`, then every backslash doubled).
        let expected = """
            | area | avg_price (EUR/MWh) | note              |
            | ---- | ------------------: | ----------------- |
            | DK1  |               92.22 | a \\| b            |
            | DK2  |                     | back\\\\slash\\\\nnew |

            """
        #expect(MarkdownWriter.write(rows) == expected)
    }
}
