import Foundation
import Tabular

/// JSON Lines: one object per row, keys in column order, one row per line
/// (`\n`), nothing else on the line.
///
/// Numbers are JSON numbers (doubles in the shortest text that reads back the
/// same); non-finite doubles and nulls are `null`; times are ISO 8601 strings
/// with the offset in `timeZone` (`"2024-10-27T02:00:00+01:00"`); days are
/// `"2024-10-27"`; strings are escaped per RFC 8259 (plus U+2028/U+2029),
/// other characters stay UTF-8.
public struct JSONLinesWriter: Sendable {
    public let schema: Schema
    public var timeZone: TimeZone
    private let keys: [String]

    public init(schema: Schema, timeZone: TimeZone = .copenhagen) {
        self.schema = schema
        self.timeZone = timeZone
        keys = schema.columns.map { JSONLinesWriter.string($0.name) + ":" }
    }

    /// All rows, one line each.
    public static func write(_ rowSet: RowSet, timeZone: TimeZone = .copenhagen) -> String {
        let writer = JSONLinesWriter(schema: rowSet.schema, timeZone: timeZone)
        var out = ""
        for row in rowSet.rows { out += writer.row(row) }
        return out
    }

    /// One row as one line.
    public func row(_ values: [Value]) -> String {
        var line = "{"
        for i in keys.indices {
            if i > 0 { line += "," }
            line += keys[i] + json(i < values.count ? values[i] : .null)
        }
        return line + "}\n"
    }

    private func json(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .text(let s): return JSONLinesWriter.string(s)
        case .time(let date): return "\"" + LocalTime(date, in: timeZone).iso8601 + "\""
        case .day(let day): return "\"" + day.description + "\""
        }
    }

    /// `text` as a JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
