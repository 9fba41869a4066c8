import Basics
import Foundation
import Postgres
import Tabular

/// Turning PostgreSQL results into rows.
enum PostgresRows {
    /// The column type for a server type (for `sql`, whose columns come from the result).
    static func type(of oid: UInt32) -> ValueType {
        switch oid {
        case PostgresType.bool: return .bool
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid: return .int
        case PostgresType.float4, PostgresType.float8, PostgresType.numeric: return .double
        case PostgresType.timestamptz, PostgresType.timestamp: return .time
        case PostgresType.date: return .day
        default: return .text
        }
    }

    static func schema(of columns: [PostgresColumn]) -> Schema {
        Schema(columns.map { Column($0.name, type(of: $0.typeOID)) })
    }

    /// `value` as a cell of a column of `type`.
    static func value(_ value: PostgresValue, as type: ValueType) -> Value {
        switch (type, value) {
        case (_, .null): return .null
        case (.bool, .bool(let b)): return .bool(b)
        case (.int, .int(let i)): return .int(i)
        case (.int, .double(let d)):
            return d.isFinite && d == d.rounded() && abs(d) < 9.2e18 ? .int(Int64(d)) : .double(d)
        case (.double, .double(let d)): return .double(d)
        case (.double, .int(let i)): return .double(Double(i))
        case (.time, .timestamp(let t)): return .time(t)
        case (.day, .date(let d)): return .day(Day(year: d.year, month: d.month, day: d.day))
        case (.text, .text(let s)), (.text, .json(let s)): return .text(s)
        default:
            return .text(value.description)
        }
    }

    static func row(_ row: PostgresRow, schema: Schema) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(schema.columns.count)
        for (i, column) in schema.columns.enumerated() {
            values.append(i < row.count ? value(row[i], as: column.type) : .null)
        }
        return values
    }
}
