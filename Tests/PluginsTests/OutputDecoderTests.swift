import Basics
import Foundation
@testable import Plugins
import Tabular
import Testing

@Suite struct OutputDecoderTests {
    /// Feeds lines, returns the rows and the schema (or the first problem).
    static func decode(_ lines: [String], declared: [Column] = [], input: Schema? = nil) throws(OutputDecoder.LineError) -> RowSet {
        var decoder = OutputDecoder(declared: declared, input: input)
        var rows: [[Value]] = []
        for (i, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            let result: Result<[[Value]], OutputDecoder.LineError> = bytes.withUnsafeMutableBufferPointer { b in
                do throws(OutputDecoder.LineError) { return .success(try decoder.add(UnsafeBufferPointer(b), number: i + 1)) }
                catch { return .failure(error) }
            }
            rows += try result.get()
        }
        rows += try decoder.finish()
        return RowSet(schema: decoder.schema ?? Schema([]), rows: rows)
    }

    @Test func aColumnNullAtFirstTakesTheTypeOfItsFirstValue() throws {
        let lines = (0..<50).map { #"{"n": \#($0), "v": null}"# } + [#"{"n": 50, "v": 2.5}"#]
        let rows = try Self.decode(lines)
        #expect(rows.columns == [Column("n", .int), Column("v", .double)])
        #expect(rows.count == 51)
        #expect(rows.rows.last == [.int(50), .double(2.5)])
    }

    @Test func lookaheadIsBoundedThenTheColumnIsText() {
        let lines = Array(repeating: #"{"v": null}"#, count: 150) + [#"{"v": 1}"#]
        let problem = #expect(throws: OutputDecoder.LineError.self) { try Self.decode(lines) }
        #expect(problem?.line == 151)
        #expect(problem?.message == "wrote 1 for column 'v' on output line 151, which holds strings")
        #expect(problem?.note == "the type text was inferred from the first rows; declare the column in the manifest's \"columns\" to set it")
    }

    @Test func inputTypesWinOverInferenceAndDeclaredOverInput() throws {
        let input = Schema([Column("code", .text), Column("n", .int, unit: "MWh")])
        let rows = try Self.decode([#"{"code": "2024-01-01", "n": 3.0}"#], declared: [Column("n", .double, unit: "GWh")], input: input)
        #expect(rows.columns == [Column("code", .text), Column("n", .double, unit: "GWh")])
        #expect(rows.rows == [[.text("2024-01-01"), .double(3)]])
        // Without the input, the same string reads as a day.
        #expect(try Self.decode([#"{"code": "2024-01-01"}"#]).columns == [Column("code", .day)])
    }
}

/// What a plugin reads on stdin: JSON written by the one writer, with its one
/// escape rule, and times with milliseconds only when not whole.
@Suite struct RowEncoderTests {
    static func line(_ row: [Value], _ columns: [Column], in zone: TimeZone = .copenhagen) -> String {
        var out: [UInt8] = []
        RowEncoder(schema: Schema(columns), timeZone: zone).append(row, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func stringsAreEscapedByTheOneRule() {
        let tricky = "quote\" back\\ nl\n tab\t bell\u{07} bs\u{08} ff\u{0C} del\u{7F} \u{2028}\u{2029} æ 😀"
        let line = Self.line([.text(tricky)], [Column("k\u{0C}", .text)])
        #expect(line == #"{"k\f":"quote\" back\\ nl\n tab\t bell\u0007 bs\b ff\f del"# + "\u{7F} \u{2028}\u{2029} æ 😀\"}\n")
        #expect(line == "{" + JSONWriter.quoted("k\u{0C}") + ":" + JSONWriter.quoted(tricky) + "}\n")
        #expect((try? JSONValue.parse(line.dropLast().description))?["k\u{0C}"] == .string(tricky))
    }

    @Test func timesAroundDaylightSaving() {
        // 2024-10-27 00:00Z and 01:00Z are both 02:00 in Copenhagen; 2000-02-29 00:00:00.25Z has a fraction.
        let cases: [(TimeInterval, String)] = [
            (1_711_846_800, "2024-03-31T03:00:00+02:00"),
            (1_729_987_200, "2024-10-27T02:00:00+02:00"),
            (1_729_990_800, "2024-10-27T02:00:00+01:00"),
            (951_782_400.25, "2000-02-29T01:00:00.250+01:00"),
        ]
        for (t, text) in cases {
            #expect(Self.line([.time(Date(timeIntervalSince1970: t))], [Column("t", .time)]) == "{\"t\":\"\(text)\"}\n")
        }
        #expect(Self.line([.time(Date(timeIntervalSince1970: 0))], [Column("t", .time)], in: .utc) == "{\"t\":\"1970-01-01T00:00:00Z\"}\n")
    }
}
