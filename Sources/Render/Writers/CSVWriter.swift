import Basics
import Foundation
import Tabular

/// RFC 4180 CSV: a header of column names, one record per row.
///
/// - Records end with CRLF, as RFC 4180 says (`lineEnding: .lf` for Unix
///   tools that want it).
/// - A field is quoted when it holds the separator, a quote, CR or LF, or
///   is an empty string; quotes inside are doubled. Null is an empty,
///   unquoted field, so null and "" stay apart (as in PostgreSQL's COPY).
/// - Numbers in full precision, as PostgreSQL writes them: the shortest text
///   that reads back the same, no `.0` on whole numbers, an exponent from
///   1e+15 up and below 1e-04 (`24051.7`, `100`, `1e+15`, `1e-05`);
///   non-finite doubles are written as null. Times ISO 8601 with the offset
///   in `timeZone` (`2024-10-27T02:00:00+01:00`), days `2024-10-27`.
/// - Data is written as is (no escaping of control characters), so a file
///   reads back to the same values.
///
/// Use `write` for a whole row set, or `header()` then `row(_:)` to stream.
public struct CSVWriter: Sendable {
    public enum LineEnding: String, Sendable {
        case crlf = "\r\n", lf = "\n"
    }

    public let schema: Schema
    public var lineEnding: LineEnding
    public var separator: Character
    public var timeZone: TimeZone
    /// The zone's offsets, looked up once per quarter hour (a CSV of a year of hours asks often).
    let offsets: OffsetCache

    public init(schema: Schema, lineEnding: LineEnding = .crlf, separator: Character = ",",
                timeZone: TimeZone = .copenhagen) {
        self.schema = schema
        self.lineEnding = lineEnding
        self.separator = separator
        self.timeZone = timeZone
        self.offsets = OffsetCache(timeZone)
    }

    /// A double as PostgreSQL's text output writes it (`extra_float_digits`
    /// 1, its default): Swift's shortest digits, without `.0`, in exponent
    /// form from 1e+15 on (Swift waits until 2^53).
    public static func number(_ d: Double) -> String {
        var text = d.description
        if text.contains("e") || text.contains("n") || text.contains("i") { return text }
        if text.hasSuffix(".0") { text.removeLast(2) }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts[0].count > 15 else { return text }
        // 1234567890123456.5 → 1.2345678901234565e+15
        var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let exponent = parts[0].count - 1
        let mantissa = String(digits[0]) + (digits.count > 1 ? "." + String(digits[1...]) : "")
        return (negative ? "-" : "") + mantissa + "e+" + (exponent < 10 ? "0" : "") + String(exponent)
    }

    /// Header and all rows.
    public static func write(_ rowSet: RowSet, lineEnding: LineEnding = .crlf, separator: Character = ",",
                             timeZone: TimeZone = .copenhagen) -> String {
        let writer = CSVWriter(schema: rowSet.schema, lineEnding: lineEnding, separator: separator, timeZone: timeZone)
        var out = writer.header()
        for row in rowSet.rows { out += writer.row(row) }
        return out
    }

    /// The header record: column names.
    public func header() -> String {
        record(schema.columns.map { quoted($0.name) })
    }

    /// One record.
    public func row(_ values: [Value]) -> String {
        record(schema.columns.indices.map { i in field(i < values.count ? values[i] : .null) })
    }

    private func record(_ fields: [String]) -> String {
        fields.joined(separator: String(separator)) + lineEnding.rawValue
    }

    /// One value as a field, quoted when it must be.
    public func field(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? quoted(Self.number(d)) : ""
        case .text(let s): return quoted(s)
        case .time(let date): return ISO8601Format.withOffset.string(Timestamp(date, utcOffset: offsets.offset(at: date), fractionDigits: 0))
        case .day(let day): return day.description
        }
    }

    /// `text` as a field: quoted when it must be.
    func quoted(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains { $0 == separator || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
