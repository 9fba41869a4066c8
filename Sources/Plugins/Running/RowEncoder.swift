import Basics
import Foundation
import Tabular

/// Turns rows into the NDJSON a plugin reads on stdin: one object per line,
/// keys the column names in schema order; instants as ISO 8601 with the
/// pipeline time zone's offset, days as `yyyy-MM-dd`, doubles always with a
/// fraction or exponent (`12.0`), non-finite doubles and nulls as `null`.
struct RowEncoder {
    let schema: Schema
    let timeZone: TimeZone
    /// `{"name":` and `,"name":` for each column, ready to append.
    private let keyPrefixes: [[UInt8]]

    init(schema: Schema, timeZone: TimeZone) {
        self.schema = schema
        self.timeZone = timeZone
        keyPrefixes = schema.columns.enumerated().map { i, column in
            var bytes: [UInt8] = [i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONWriter.writeString(column.name, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
    }

    /// Appends one row and its newline. A row shorter than the schema gets
    /// nulls; extra values are ignored.
    func append(_ row: [Value], to out: inout [UInt8]) {
        if keyPrefixes.isEmpty { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
        for (i, prefix) in keyPrefixes.enumerated() {
            out.append(contentsOf: prefix)
            appendValue(i < row.count ? row[i] : .null, to: &out)
        }
        if !keyPrefixes.isEmpty { out.append(UInt8(ascii: "}")) }
        out.append(0x0A)
    }

    func appendValue(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: RowEncoder.null)
        case .bool(let b): out.append(contentsOf: b ? RowEncoder.true : RowEncoder.false)
        case .int(let i): JSONWriter.writeInteger(i, into: &out)
        case .double(let d): JSONWriter.writeDouble(d, into: &out)
        case .text(let s): JSONWriter.writeString(s, into: &out)
        case .time(let d): JSONWriter.writeString(RowEncoder.timeFormat.string(d, in: timeZone), into: &out)
        case .day(let d): JSONWriter.writeString(d.description, into: &out)
        }
    }

    /// The schema as JSON for the `ENERGIFLOW_SCHEMA` variable:
    /// `[{"name":"date","type":"day"},{"name":"avg_price","type":"double","unit":"EUR/MWh"}]`.
    static func schemaJSON(_ schema: Schema) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, c) in schema.columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array("{\"name\":".utf8))
            JSONWriter.writeString(c.name, into: &out)
            out.append(contentsOf: Array(",\"type\":".utf8))
            JSONWriter.writeString(c.type.rawValue, into: &out)
            if let unit = c.unit {
                out.append(contentsOf: Array(",\"unit\":".utf8))
                JSONWriter.writeString(unit, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `2024-10-27T02:00:00.250+01:00`: milliseconds (three digits, which
    /// every ISO 8601 reader takes, Python's before 3.11 included) only when
    /// not whole; `Z` in UTC.
    static let timeFormat = ISO8601Format(fraction: .fixed(3), zone: .zOrOffset)

    private static let null = Array("null".utf8)
    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)
}
