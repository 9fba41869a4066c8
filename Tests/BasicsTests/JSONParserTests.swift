import Basics
import Foundation
import Testing
import TestSupport

/// `JSONValue.parse`: the one JSON parser (ingest, plugins, the broker and
/// stats files): strict RFC 8259, members in order, numbers as written.
@Suite struct JSONParserTests {
    @Test func parsesValuesKeepingOrderAndNumberText() throws {
        let text = #"{"b":1.500000,"a":[true,false,null,-0,1e-05,1E+2,"x"],"c":{"z":{}},"d":[]}"#
        let value = try JSONValue.parse(text)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "c", "d"])
        #expect(value["b"]?.numberValue?.text == "1.500000")
        #expect(value["b"]?.doubleValue == 1.5)
        let array = try #require(value["a"]?.arrayValue)
        #expect(array[0] == true && array[1] == false && array[2] == nil)
        #expect(array[3].numberValue?.text == "-0")
        #expect(array[4].doubleValue == 1e-05)
        #expect(array[5].doubleValue == 100)
        #expect(array[6] == "x")
        #expect(value["c"]?["z"] == .object([]))
        #expect(value.compactString == text) // compact input round-trips byte for byte
    }

    @Test func apiRecordRoundTripsByteForByte() throws {
        let record = #"{"HourUTC":"2024-08-29T21:00:00","HourDK":"2024-08-29T23:00:00","PriceArea":"DK1","SpotPriceDKK":821.280029,"SpotPriceEUR":110.089996}"#
        #expect(try JSONValue.parse(record).compactBytes == Array(record.utf8))
        let spaced = "{ \"a\" : [ 1 , 2 ] ,\n\t\"b\":\"c\" }\r\n"
        #expect(try JSONValue.parse(spaced).compactString == #"{"a":[1,2],"b":"c"}"#)
    }

    @Test func stringsAndEscapes() throws {
        let value = try JSONValue.parse(#"["\u00e6\u00f8\u00e5","\ud83d\ude00","a\"b\\c\/d","\b\f\n\r\t","\u0001","Æble"]"#)
        let strings = try #require(value.arrayValue).compactMap(\.stringValue)
        #expect(strings == ["æøå", "😀", "a\"b\\c/d", "\u{8}\u{C}\n\r\t", "\u{1}", "Æble"])
        // The writer escapes only what it must; other characters stay UTF-8.
        #expect(value.compactString == #"["æøå","😀","a\"b\\c/d","\b\f\n\r\t","\u0001","Æble"]"#)
        #expect(try JSONValue.parse(value.compactString) == value)
    }

    /// What a strict parser must reject, with what and where (ingest's rejects
    /// say `not JSON: ` and this; plugins name the line and column).
    @Test(arguments: [
        ("x", "unexpected 'x', expected a JSON value at offset 0"),
        ("", "empty input at offset 0"),
        ("   ", "unexpected end of input, expected a JSON value at offset 3"),
        (#"{"a":1"#, "unexpected end of input, expected ',' or '}' at offset 6"),
        (#"{"HourUTC":"2024-08-29T21:0"#, #"unexpected end of input, expected '"' to close the string at offset 27"#),
        ("[1,]", "unexpected ']', expected a JSON value at offset 3"),
        ("{} x", "unexpected 'x' after the JSON value at offset 3"),
        ("1 2", "unexpected '2' after the JSON value at offset 2"),
        ("01", "a number may not start with 0 at offset 0"),
        (#""\q""#, #"invalid escape \q in a string at offset 1"#),
        (#""\u12G4""#, #"invalid \u escape in a string (it needs 4 hex digits) at offset 1"#),
        (#""\ud800""#, #"unpaired UTF-16 surrogate in a \u escape at offset 1"#),
        (#""\udc00\ud800""#, #"unpaired UTF-16 surrogate in a \u escape at offset 1"#),
        ("\"a\nb\"", "unescaped control character 0x0A in a string at offset 2"),
        ("{'a':1}", "unexpected ''', expected a quoted key at offset 1"),
        ("[NaN]", "unexpected 'N', expected a JSON value at offset 1"),
        ("[Infinity]", "unexpected 'I', expected a JSON value at offset 1"),
        ("[+1]", "unexpected '+', expected a JSON value at offset 1"),
        ("[.5]", "unexpected '.', expected a JSON value at offset 1"),
        ("[1.]", "unexpected ']', expected a digit at offset 3"),
        ("[1e]", "unexpected ']', expected a digit at offset 3"),
        ("[-]", "unexpected ']', expected a digit at offset 2"),
        ("[tru]", "unexpected ']', expected true at offset 4"),
        ("[1 2]", "unexpected '2', expected ',' or ']' at offset 3"),
        ("{\"a\" 1}", "unexpected '1', expected ':' after the key at offset 5"),
        ("{1:2}", "unexpected '1', expected a quoted key at offset 1"),
        ("// c\n{}", "unexpected '/', expected a JSON value at offset 0"),
    ])
    func rejectsWithOffset(input: String, message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(input) }
        #expect(error?.description == message)
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22], 1),       // bad continuation byte
        ([0x22, 0xC0, 0x80, 0x22], 1),       // overlong NUL
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1), // UTF-8-encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1), // beyond U+10FFFF
        ([0x22, 0x61, 0xFF, 0x22], 2),
        ([0x22, 0xE2, 0x82], 1),             // truncated sequence
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes) }
        #expect(error?.description == "invalid UTF-8 at offset \(offset)")
        #expect(error?.offset == offset)
    }

    /// A plugin's output may hold `NaN` and `Infinity` (Python writes them);
    /// every other reader refuses them. Manifests and plugin output refuse a
    /// key written twice.
    @Test func optionsForPlugins() throws {
        let lenient = JSONParser.Options(allowsNonFinite: true)
        #expect(try JSONValue.parse("NaN", options: lenient).doubleValue?.isNaN == true)
        let infinities = try #require(try JSONValue.parse("[-Infinity, Infinity]", options: lenient).arrayValue)
        #expect(infinities.map(\.doubleValue) == [-.infinity, .infinity])
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("NaN") }
        // Written back as null: JSON has no other way to hold them.
        #expect(try JSONValue.parse("[NaN,-Infinity]", options: lenient).compactString == "[null,null]")

        let twice = #"{"a": 1, "a": 2}"#
        #expect(try JSONValue.parse(twice)["a"] == 1)  // without the option the first wins in look-ups
        let error = #expect(throws: JSONSyntaxError.self) {
            try JSONValue.parse(twice, options: JSONParser.Options(rejectsDuplicateKeys: true))
        }
        #expect(error?.description == #"the key "a" appears twice at offset 9"#)
    }

    @Test func integersAreToldFromOtherNumbers() throws {
        let value = try JSONValue.parse(#"{"z": 1, "a": -0.5e2, "big": 12345678901234567890, "f": 1.0}"#)
        #expect(value["z"]?.numberValue?.integer == 1)
        #expect(value["a"]?.numberValue?.integer == nil)
        #expect(value["a"]?.doubleValue == -50)
        #expect(value["big"]?.numberValue?.integer == nil)  // beyond Int64: a double
        #expect(value["big"]?.doubleValue == Double("12345678901234567890"))
        #expect(value["f"]?.numberValue?.integer == nil)  // 1.0 stays apart from 1
        #expect(value["f"] != value["z"])
    }

    @Test func validUTF8OfEveryLength() throws {
        let text = "\"a\u{E6}\u{20AC}\u{1F600}\u{10FFFF}\""
        #expect(try JSONValue.parse(Array(text.utf8)).stringValue == "a\u{E6}\u{20AC}\u{1F600}\u{10FFFF}")
        // Long ASCII strings cross the 8-byte fast path at every alignment.
        for n in 0..<40 {
            for special in ["\\\"", "\\\\", "é", "\\u00e9"] {
                let body = String(repeating: "x", count: n) + special + String(repeating: "y", count: 40 - n)
                let parsed = try JSONValue.parse("\"\(body)\"")
                #expect(try JSONValue.parse(parsed.compactString) == parsed)
            }
            let control = "\"" + String(repeating: "x", count: n) + "\u{1F}" + "\""
            #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(control) }
        }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try JSONValue.parse(ok) != .null)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        #expect(error?.description == "nesting deeper than 64 levels at offset 64")
        // Very deep input fails fast instead of overflowing the stack.
        let abyss = [UInt8](repeating: 0x5B, count: 1_000_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(abyss) }
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(objects) }
        #expect(try JSONValue.parse(Array("[[1]]".utf8), maxDepth: 2) == [[1]])
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array("[[1]]".utf8), maxDepth: 1) }
    }

    /// Numbers: the fast decimal path must agree with Swift's own correctly rounded parser.
    @Test func numbersAgreeWithSwiftsParser() throws {
        var rng = SplitMix64(seed: 42)
        var texts = ["0", "-0", "0.1", "0.000000", "567.489990", "-440.100006", "17348.779297", "1e-05",
                     "123456789012345678901234567890", "0.30000000000000004", "9007199254740993",
                     "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "1E22", "1e23", "0.0000000000000000000001"]
        for _ in 0..<20_000 {
            let integer = String(UInt64.random(in: 0...UInt64.max, using: &rng) % [10, 1000, 100_000, 10_000_000_000, UInt64.max][Int.random(in: 0..<5, using: &rng)])
            let fraction = String(UInt64.random(in: 0...999_999_999_999, using: &rng))
            var text = (Bool.random(using: &rng) ? "-" : "") + integer
            if Bool.random(using: &rng) { text += "." + fraction }
            if Int.random(in: 0..<4, using: &rng) == 0 { text += "e" + String(Int.random(in: -30...30, using: &rng)) }
            texts.append(text)
        }
        for text in texts {
            let number = try #require(JSONNumber(text: text), "\(text)")
            #expect(number.double == Double(text)!, "\(text)")
            #expect(number.text == text)
        }
        #expect(JSONNumber(text: "1e400") == nil) // not a finite Double
        #expect(JSONNumber(text: "01") == nil)
        #expect(JSONNumber(text: "1,5") == nil)
        #expect(JSONNumber(text: " 1") == nil)
        #expect(JSONNumber(0.1)?.text == "0.1")
        #expect(JSONNumber(-3.0)?.text == "-3")
        #expect(JSONNumber(.nan) == nil)
        #expect(JSONNumber(1e-05).map { try? JSONValue.parse($0.text).doubleValue } == 1e-05)
    }
}
