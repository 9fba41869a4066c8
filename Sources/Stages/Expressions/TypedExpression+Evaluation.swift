import Foundation
import Query
import Tabular

/// Running a `TypedExpression` on rows in memory, with SQL's semantics:
/// null in, null out; `and`/`or` three-valued; `/` in decimals with null
/// for a division by zero; integer overflow is an error (as in PostgreSQL).
extension TypedExpression {
    /// A function from a row of `schema` to the expression's value.
    public func compile(for schema: Schema) throws(ExecutionError) -> ([Value]) throws -> Value {
        switch self {
        case .column(let name, _):
            guard let i = schema.index(of: name) else {
                throw ExecutionError(.internal, "the expression reads column '\(name)', which the rows do not have")
            }
            return { row in i < row.count ? row[i] : .null }
        case .constant(let value, _):
            return { _ in value }
        case .negate(let x):
            let f = try x.compile(for: schema)
            return { row in try Self.negate(try f(row)) }
        case .not(let x):
            let f = try x.compile(for: schema)
            return { row in
                guard case .bool(let b) = try f(row) else { return .null }
                return .bool(!b)
            }
        case .and(let a, let b):
            let fa = try a.compile(for: schema), fb = try b.compile(for: schema)
            return { row in
                let x = try fa(row)
                if case .bool(false) = x { return .bool(false) }
                let y = try fb(row)
                if case .bool(false) = y { return .bool(false) }
                if case .bool(true) = x, case .bool(true) = y { return .bool(true) }
                return .null
            }
        case .or(let a, let b):
            let fa = try a.compile(for: schema), fb = try b.compile(for: schema)
            return { row in
                let x = try fa(row)
                if case .bool(true) = x { return .bool(true) }
                let y = try fb(row)
                if case .bool(true) = y { return .bool(true) }
                if case .bool(false) = x, case .bool(false) = y { return .bool(false) }
                return .null
            }
        case .arithmetic(let op, let a, let b):
            let fa = try a.compile(for: schema), fb = try b.compile(for: schema)
            return { row in try Self.arithmetic(op, try fa(row), try fb(row)) }
        case .comparison(let op, let a, let b):
            let fa = try a.compile(for: schema), fb = try b.compile(for: schema)
            return { row in Self.compare(op, try fa(row), try fb(row)) }
        case .anyOf(let subject, let items, let negated):
            let fs = try subject.compile(for: schema)
            var fi: [([Value]) throws -> Value] = []
            for item in items { fi.append(try item.compile(for: schema)) }
            return { row in
                let x = try fs(row)
                var sawNull = false
                for f in fi {
                    switch Self.compare(.equal, x, try f(row)) {
                    case .bool(true): return .bool(!negated)
                    case .null: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .bool(negated)
            }
        }
    }

    /// The value for one row (compiles first; use `compile` for many rows).
    public func evaluate(_ row: [Value], schema: Schema) throws -> Value {
        try compile(for: schema)(row)
    }

    // MARK: Operations

    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Value {
        if a.isNull || b.isNull { return .null }
        let order = Value.compare(a, b)
        return .bool(op.holds(for: order))
    }

    static func negate(_ v: Value) throws -> Value {
        switch v {
        case .int(let i):
            guard i != .min else { throw ExpressionFailure("integer out of range") }
            return .int(-i)
        case .double(let d): return .double(-d)
        default: return .null
        }
    }

    static func arithmetic(_ op: ArithmeticOperator, _ a: Value, _ b: Value) throws -> Value {
        if a.isNull || b.isNull { return .null }
        if op != .divide, case .int(let x) = a, case .int(let y) = b {
            let (result, overflow): (Int64, Bool)
            switch op {
            case .add: (result, overflow) = x.addingReportingOverflow(y)
            case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
            case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
            case .divide: (result, overflow) = (0, false)
            }
            if overflow { throw ExpressionFailure("integer out of range") }
            return .int(result)
        }
        guard let x = a.number, let y = b.number else { return .null }
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide: return y == 0 ? .null : .double(x / y)
        }
    }
}

/// A failure while computing an expression on a row (integer overflow).
struct ExpressionFailure: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
