import Basics
import Foundation

/// One cell of a row. Rows flow between stages as arrays of `Value`, typed by
/// the `Column`s of their `Schema`.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case text(String)
    /// An instant; shown in the pipeline's time zone.
    case time(Date)
    /// A calendar day (e.g. a Danish day in the daily rollup), with no time of day.
    case day(Day)

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a number, for arithmetic and charts; nil when it is not numeric.
    public var number: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// A position on a time axis (seconds since 1970), for instants and days.
    /// A day counts from its midnight in UTC, which keeps days evenly spaced.
    public var timeCoordinate: Double? {
        switch self {
        case .time(let d): return d.timeIntervalSince1970
        case .day(let d): return d.startInUTC.timeIntervalSince1970
        default: return nil
        }
    }

    /// Orders two values: numbers numerically (int and double mix), text by
    /// Unicode scalars, times and days chronologically. Null sorts after
    /// everything; values of unrelated types order by type.
    public static func compare(_ a: Value, _ b: Value) -> ComparisonResult {
        switch (a, b) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedDescending
        case (_, .null): return .orderedAscending
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.text(let x), .text(let y)):
            return x == y ? .orderedSame : (x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? .orderedAscending : .orderedDescending)
        case (.int(let x), .int(let y)): return order(x, y)
        case (.day(let x), .day(let y)): return order(x, y)
        default:
            if let x = a.number, let y = b.number { return order(x, y) }
            if let x = a.timeCoordinate, let y = b.timeCoordinate { return order(x, y) }
            return order(a.typeRank, b.typeRank)
        }
    }

    private var typeRank: Int {
        switch self {
        case .bool: return 0
        case .int, .double: return 1
        case .text: return 2
        case .time, .day: return 3
        case .null: return 4
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult {
        x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
    }
}

extension Value: CustomStringConvertible {
    /// A plain rendering without units or padding; times in ISO 8601 UTC.
    /// Renderers format values themselves (time zone, decimals); this is for
    /// messages and debugging.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .text(let s): return s
        case .time(let d): return ISO8601.utcString(d)
        case .day(let d): return d.description
        }
    }
}
