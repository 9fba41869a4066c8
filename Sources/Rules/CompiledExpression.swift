import Foundation
import Query
import Tabular

/// An expression with its names bound to column positions and its
/// statistics to slots of the group's statistics; evaluated once per row.
///
/// Evaluation never fails: a null operand, a division by zero or a value of an
/// unexpected type gives null, which conditions treat as *unknown*
/// (three-valued logic, as in SQL).
indirect enum CompiledExpression: Sendable {
    case constant(Value)
    case column(Int)
    /// The value of the group's statistic in this slot.
    case statistic(Int)
    case list([CompiledExpression])
    case negate(CompiledExpression)
    case absolute(CompiledExpression)
    case not(CompiledExpression)
    case arithmetic(ArithmeticOperator, CompiledExpression, CompiledExpression)
    case comparison(ComparisonOperator, CompiledExpression, CompiledExpression)
    case and(CompiledExpression, CompiledExpression)
    case or(CompiledExpression, CompiledExpression)

    /// The value for `row`, given its group's statistics.
    func evaluate(_ row: [Value], _ statistics: [Value]) -> Value {
        switch self {
        case .constant(let v): return v
        case .column(let i): return i < row.count ? row[i] : .null
        case .statistic(let i): return i < statistics.count ? statistics[i] : .null
        case .list: return .null  // only meaningful as a side of a comparison
        case .negate(let x):
            let v = x.evaluate(row, statistics)
            if case .int(let i) = v, i != .min { return .int(-i) }
            return Self.number(v).map { .double(-$0) } ?? .null
        case .absolute(let x):
            let v = x.evaluate(row, statistics)
            if case .int(let i) = v, i != .min { return .int(Swift.abs(i)) }
            return Self.number(v).map { .double(Swift.abs($0)) } ?? .null
        case .not(let x):
            guard case .bool(let b) = x.evaluate(row, statistics) else { return .null }
            return .bool(!b)
        case .arithmetic(let op, let a, let b):
            let left = a.evaluate(row, statistics), right = b.evaluate(row, statistics)
            // Whole numbers stay whole (shown without decimals) unless divided or overflowing.
            if case .int(let i) = left, case .int(let j) = right, op != .divide {
                let (r, overflow) = op == .add ? i.addingReportingOverflow(j)
                    : op == .subtract ? i.subtractingReportingOverflow(j) : i.multipliedReportingOverflow(by: j)
                if !overflow { return .int(r) }
            }
            guard let x = Self.number(left), let y = Self.number(right) else { return .null }
            let result: Double
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            case .divide: result = x / y
            }
            return result.isFinite ? .double(result) : .null
        case .comparison(let op, let a, let b):
            return Self.compare(op, a, b, row, statistics)
        case .and(let a, let b):
            let left = a.evaluate(row, statistics)
            if case .bool(false) = left { return .bool(false) }
            let right = b.evaluate(row, statistics)
            if case .bool(false) = right { return .bool(false) }
            if case .bool(true) = left, case .bool(true) = right { return .bool(true) }
            return .null
        case .or(let a, let b):
            let left = a.evaluate(row, statistics)
            if case .bool(true) = left { return .bool(true) }
            let right = b.evaluate(row, statistics)
            if case .bool(true) = right { return .bool(true) }
            if case .bool(false) = left, case .bool(false) = right { return .bool(false) }
            return .null
        }
    }

    /// True only when the condition is true (not false, not unknown).
    func isTrue(_ row: [Value], _ statistics: [Value]) -> Bool {
        if case .bool(true) = evaluate(row, statistics) { return true }
        return false
    }

    // MARK: Helpers

    /// A finite number, or nil (null, NaN, not a number).
    static func number(_ v: Value) -> Double? {
        guard let d = v.number, d.isFinite else { return nil }
        return d
    }

    private static func compare(_ op: ComparisonOperator, _ a: CompiledExpression, _ b: CompiledExpression,
                                _ row: [Value], _ statistics: [Value]) -> Value {
        // `x = a, b`: any of them; `x != a, b`: none of them.
        if case .list(let items) = b { return anyOf(op, a.evaluate(row, statistics), items, row, statistics) }
        if case .list(let items) = a { return anyOf(op, b.evaluate(row, statistics), items, row, statistics) }
        guard let order = order(a.evaluate(row, statistics), b.evaluate(row, statistics)) else { return .null }
        return .bool(op.holds(for: order))
    }

    private static func anyOf(_ op: ComparisonOperator, _ value: Value, _ items: [CompiledExpression],
                              _ row: [Value], _ statistics: [Value]) -> Value {
        var unknown = false
        for item in items {
            switch order(value, item.evaluate(row, statistics)) {
            case .orderedSame?: return .bool(op == .equal)
            case nil: unknown = true
            default: continue
            }
        }
        return unknown ? .null : .bool(op != .equal)
    }

    /// How two values order, or nil when either is missing or they are not
    /// of comparable kinds (numbers, text, times and days, true/false).
    static func order(_ x: Value, _ y: Value) -> ComparisonResult? {
        switch (x, y) {
        case (.null, _), (_, .null): return nil
        case (.text, .text), (.bool, .bool): return Value.compare(x, y)
        default:
            if x.number != nil || y.number != nil {
                guard let a = number(x), let b = number(y) else { return nil }
                return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            }
            if x.timeCoordinate != nil, y.timeCoordinate != nil { return Value.compare(x, y) }
            return nil
        }
    }
}
