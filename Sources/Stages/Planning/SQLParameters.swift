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

    public var count: Int { values.count }
}
