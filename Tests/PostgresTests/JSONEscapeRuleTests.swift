import Basics
import Postgres
import Testing

/// Basics' one escape rule is PostgreSQL's own (`escape_json`): text the
/// store gives back as JSON reads byte for byte as EnergiFlow writes it.
@Suite struct JSONEscapeRuleTests {
    @Test func theServerEscapesAsJSONWriterDoes() throws {
        let connection = try serverConnection()
        // Every character below 0x80 but NUL (text cannot hold it), then DEL,
        // U+2028, U+2029 and UTF-8 of every length.
        let text = String(decoding: Array(1..<0x80 as Range<UInt8>), as: UTF8.self) + "\u{2028}\u{2029}æ€😀"
        let server = try connection.query("SELECT to_json($1::text)::text", [.text(text)]).scalar
        #expect(server == .text(JSONWriter.quoted(text)))
        let object = try connection.query("SELECT json_build_object($1::text, $2::text)::text", [.text("k\u{08}"), .text("\u{0C}\u{7F}")]).scalar
        #expect(object == .text("{\"k\\b\" : \"\\f\u{7F}\"}"))  // the server's spacing; the escapes as JSONWriter.quoted writes them
        #expect(JSONWriter.quoted("k\u{08}") + JSONWriter.quoted("\u{0C}\u{7F}") == "\"k\\b\"\"\\f\u{7F}\"")
    }
}
