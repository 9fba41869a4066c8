import Basics
import Foundation
import Testing
import TestSupport

/// `JSONWriter`: the one escape rule and records written back byte for byte.
@Suite struct JSONWriterTests {
    /// RFC 8259's minimum, as PostgreSQL's `escape_json` writes it: `"` and
    /// `\`, and U+0000...U+001F (`\b \f \n \r \t` by name, the rest as
    /// `\u00xx`); DEL, U+2028 and U+2029 stay as they are.
    static func expectedLiteral(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Every ASCII character, DEL, the line and paragraph separators and some
    /// UTF-8 of every length.
    static let everyCase = String(decoding: Array(0..<0x80 as Range<UInt8>), as: UTF8.self) + "\u{2028}\u{2029}æ€😀"

    @Test func oneEscapeRule() throws {
        #expect(JSONWriter.quoted("\u{08}\u{0C}\u{7F}\u{2028}\u{2029}") == "\"\\b\\f\u{7F}\u{2028}\u{2029}\"")
        #expect(JSONWriter.quoted("a\u{01}\u{1F}b") == #""a\u0001\u001fb""#)
        #expect(JSONWriter.quoted(Self.everyCase) == Self.expectedLiteral(Self.everyCase))
        // Every string reads back as itself, the written text as written.
        #expect(try JSONValue.parse(JSONWriter.quoted(Self.everyCase)) == .string(Self.everyCase))
        var out: [UInt8] = []
        JSONWriter.write(.array([.string(Self.everyCase), .object([JSONMember("k", .string("\u{7F}\u{0C}"))])]), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[" + Self.expectedLiteral(Self.everyCase) + ",{\"k\":\"\u{7F}\\f\"}]")
    }

    @Test func keysAreEscapedAsValuesAre() {
        let object = JSONValue.object([JSONMember("a\"\u{0C}\u{2028}", .string("\u{08}"))])
        #expect(object.compactString == "{\"a\\\"\\f\u{2028}\":\"\\b\"}")
    }

    @Test func numbersAreWrittenAsRead() throws {
        #expect(try JSONValue.parse("[1.500000,-0,1E+2,0.000000]").compactString == "[1.500000,-0,1E+2,0.000000]")
        // Beyond a Double, still JSON: the text is kept (ingest rejects such a
        // record, with its bytes as they came).
        let huge = try JSONValue.parse("[31.1e10001,-1e400,1e-400]")
        #expect(huge.arrayValue?.map(\.doubleValue) == [.infinity, -.infinity, 0])
        #expect(huge.compactString == "[31.1e10001,-1e400,1e-400]")
        var out: [UInt8] = []
        JSONWriter.writeDouble(12, into: &out)
        out.append(0x2C)
        JSONWriter.writeDouble(.nan, into: &out)
        out.append(0x2C)
        JSONWriter.writeInteger(Int64.min, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "12.0,null,-9223372036854775808")
    }

    /// Records built in the API's form from a recorded export (keys in the
    /// file's order, numbers as the file writes them) come out of the
    /// parser and the writer byte for byte: the store keeps what the API sent.
    @Test func recordedRecordsRoundTripByteForByte() throws {
        let file = try String(contentsOf: TestPaths.recorded("DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"), encoding: .utf8)
        let lines = file.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        #expect(lines.count > 10)
        for cells in lines.dropFirst() {
            let fields = zip(header, cells).map { key, cell in
                let isNumber = Double(cell) != nil && !key.hasPrefix("Hour")
                return "\"\(key)\":" + (cell.isEmpty ? "null" : isNumber ? cell : "\"\(cell)\"")
            }
            let record = "{" + fields.joined(separator: ",") + "}"
            let value = try JSONValue.parse(record)
            #expect(value.compactBytes == Array(record.utf8))
            #expect(value.objectMembers?.keys == header)
        }
    }
}
