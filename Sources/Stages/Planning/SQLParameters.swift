import Postgres
import Tabular

/// The values of a statement's `$1`, `$2`, … in order. A value bound twice
/// gets the same number, so a statement reads `price_area = $1` wherever
/// the same area is meant.
public struct SQLParameters: Sendable, Hashable {
    public private(set) var values: [PostgresValue] = []

    public init() {}

    /// `$n` for `value`.
    public mutating func bind(_ value: PostgresValue) -> String {
        if let i = values.firstIndex(of: value) { return "$\(i + 1)" }
        values.append(value)
        return "$\(values.count)"
    }

    /// `$n` for a constant of `type`; a null gets a cast so the server knows its type.
    public mutating func bind(_ value: PostgresValue, as type: ValueType) -> String {
        let placeholder = bind(value)
        return value.isNull ? placeholder + "::" + SQL.typeName(type) : placeholder
    }

    /// `$n` for a row value of `type` (what `SQLWriter` binds).
    public mutating func bind(_ value: Value, as type: ValueType) -> String {
        bind(value.postgres, as: type)
    }

    public var count: Int { values.count }
}

extension Value {
    /// The value as a statement parameter.
    public var postgres: PostgresValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .text(let s): return .text(s)
        case .time(let t): return .timestamp(t)
        case .day(let d): return .date(PostgresDate(year: d.year, month: d.month, day: d.day))
        }
    }
}
