import Basics
import Foundation
import Tabular

/// JSON Lines: one object per row, keys in column order, one row per line
/// (`\n`), nothing else on the line.
///
/// Numbers are JSON numbers (doubles in the shortest text that reads back the
/// same); non-finite doubles and nulls are `null`; times are ISO 8601 strings
/// with the offset in `timeZone` (`"2024-10-27T02:00:00+01:00"`); days are
/// `"2024-10-27"`; strings are escaped by `JSONWriter`'s one rule (RFC 8259's
/// minimum, as PostgreSQL writes JSON), other characters stay UTF-8.
public struct JSONLinesWriter: Sendable {
    public let schema: Schema
    public var timeZone: TimeZone
    /// `{"name":` and `,"name":` for each column, ready to append.
    private let keys: [[UInt8]]

    public init(schema: Schema, timeZone: TimeZone = .copenhagen) {
        self.schema = schema
        self.timeZone = timeZone
        keys = schema.columns.enumerated().map { i, column in
            var bytes: [UInt8] = [i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONWriter.writeString(column.name, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
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
        var line: [UInt8] = []
        line.reserveCapacity(keys.count * 24 + 2)
        if keys.isEmpty { line.append(UInt8(ascii: "{")) }
        for i in keys.indices {
            line.append(contentsOf: keys[i])
            append(i < values.count ? values[i] : .null, to: &line)
        }
        line.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
        return String(decoding: line, as: UTF8.self)
    }

    private func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): JSONWriter.writeInteger(i, into: &out)
        case .double(let d): JSONWriter.writeDouble(d, into: &out)
        case .text(let s): JSONWriter.writeString(s, into: &out)
        case .time(let date): JSONWriter.writeString(ISO8601.string(date, in: timeZone), into: &out)
        case .day(let day): JSONWriter.writeString(day.description, into: &out)
        }
    }
}
