import Foundation
@testable import Plugins
import Tabular
import Testing

@Suite struct JSONAndTimeTests {
    @Test func parsesKeepingKeyOrderAndIntegers() throws {
        let v = try JSONParser.parse(#" {"z": 1, "a": -0.5e2, "m": [true, null, "x\u00e6\ud83d\ude00\n"], "big": 12345678901234567890} "#)
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.keys == ["z", "a", "m", "big"])
        #expect(o["z"] == .integer(1))
        #expect(o["a"] == .number(-50))
        #expect(o["m"] == .array([.bool(true), .null, .string("xæ😀\n")]))
        #expect(o["big"] == .number(try #require(Double("12345678901234567890"))))  // too big for Int64: a double
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "unexpected '}', expected a quoted key", 8),
        ("{\"a\" 1}", "unexpected '1', expected ':' after the key", 5),
        ("[1 2]", "unexpected '2', expected ',' or ']'", 3),
        ("01", "a number may not start with 0", 0),
        ("\"abc", "a string that is never closed", 0),
        ("{\"a\": 1, \"a\": 2}", "the key \"a\" appears twice", 9),
        ("\"\\x\"", "an invalid escape \\x in a string", 2),
        ("\"\\ud800\"", "a lone surrogate \\ud800 in a string", 7),
        ("tru", "unexpected 't', expected a JSON value", 0),
        ("1 2", "unexpected '2' after the JSON value", 2),
        ("   ", "the line is empty, expected a JSON value", 0),
    ])
    func rejectsWithPosition(text: String, message: String, offset: Int) {
        let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        #expect(failure?.message == message)
        #expect(failure?.offset == offset)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func nonFiniteOnlyWhenAllowed() throws {
        #expect(try JSONParser.parse("NaN").isNaN)
        #expect(try JSONParser.parse("-Infinity") == .number(-.infinity))
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("NaN", allowsNonFinite: false) }
    }

    @Test func writerEscapesAndReadsBack() throws {
        let s = "quote\" back\\ nl\n tab\t bell\u{07} del\u{7f} æ 😀"
        let written = JSONWriter.string(s)
        #expect(written == #""quote\" back\\ nl\n tab\t bell\u0007 del\u007f æ 😀""#)
        #expect(try JSONParser.parse(written) == .string(s))
    }

    @Test func timesWithOffsetsAroundDaylightSaving() throws {
        // 2024-03-31 01:00Z is 02:00 winter time, which becomes 03:00+02:00; 2024-10-27 00:00Z and 01:00Z are both 02:00 local.
        let cases: [(TimeInterval, String)] = [
            (1_711_846_800, "2024-03-31T03:00:00+02:00"),
            (1_711_843_200, "2024-03-31T01:00:00+01:00"),
            (1_729_987_200, "2024-10-27T02:00:00+02:00"),
            (1_729_990_800, "2024-10-27T02:00:00+01:00"),
            (951_782_400.25, "2000-02-29T01:00:00.250+01:00"),
        ]
        for (t, text) in cases {
            let date = Date(timeIntervalSince1970: t)
            #expect(TimeText.string(date, in: .copenhagen) == text)
            #expect(TimeText.instant(text) == date)
            // And Tabular's formatter agrees on whole seconds.
            if t == t.rounded() { #expect(ISO8601.string(date, in: .copenhagen) == text) }
        }
        #expect(TimeText.string(Date(timeIntervalSince1970: 0), in: .utc) == "1970-01-01T00:00:00Z")
        #expect(TimeText.instant("2024-01-01 00:00Z") == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(TimeText.instant("2024-01-01T01:00:00+0100") == Date(timeIntervalSince1970: 1_704_067_200))
        for bad in ["2024-01-01T00:00:00", "2024-01-01", "2024-13-01T00:00Z", "2024-01-01T24:00Z", "2024-01-01T00:00Zjunk", "yesterday"] {
            #expect(TimeText.instant(bad) == nil, "\(bad)")
        }
    }
}

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

private extension JSONValue {
    var isNaN: Bool { if case .number(let d) = self { return d.isNaN }; return false }
}
