import Foundation
import Tabular

/// Running a `TypedExpression` on rows in memory, with SQL's semantics:
/// null in, null out; `and`/`or` three-valued; `/` in decimals with null
/// for a division by zero; integer overflow an error (as in PostgreSQL);
/// functions as `FunctionTable` defines them.
extension TypedExpression {
    /// A function from a row of `schema` to the expression's value. The
    /// expression must not read aggregates (see `compileWithAggregates`).
    public func compile(for schema: Schema) throws -> ([Value]) throws -> Value {
        let f = try ExpressionCompiler(schema: schema).compile(self)
        return { row in try f(row, []) }
    }

    /// A function from a row and the values of the aggregate slots (a
    /// group's, a window's) to the expression's value.
    public func compileWithAggregates(for schema: Schema) throws -> ([Value], [Value]) throws -> Value {
        try ExpressionCompiler(schema: schema).compile(self)
    }

    /// The value for one row (compiles first; use `compile` for many rows).
    public func evaluate(_ row: [Value], schema: Schema = Schema([])) throws -> Value {
        try compile(for: schema)(row)
    }
}

/// Builds the closures; one `LocalCalendar` per zone is shared by the calls.
final class ExpressionCompiler {
    typealias Compiled = ([Value], [Value]) throws -> Value

    let schema: Schema
    private var calendars: [TimeZone: LocalCalendar] = [:]

    init(schema: Schema) {
        self.schema = schema
    }

    func calendar(_ zone: TimeZone) -> LocalCalendar {
        if let known = calendars[zone] { return known }
        let made = LocalCalendar(zone)
        calendars[zone] = made
        return made
    }

    func compile(_ e: TypedExpression) throws -> Compiled {
        switch e {
        case .column(let name, _):
            guard let i = schema.index(of: name) else {
                throw ExpressionError("the expression reads column '\(name)', which the rows do not have")
            }
            // A NaN is no number: it is read as missing, so it never compares equal to anything.
            return { row, _ in
                guard i < row.count else { return .null }
                if case .double(let d) = row[i], d.isNaN { return .null }
                return row[i]
            }
        case .constant(let value, _):
            return { _, _ in value }
        case .aggregate(let slot, _):
            return { _, aggregates in slot < aggregates.count ? aggregates[slot] : .null }
        case .negate(let x):
            let f = try compile(x)
            return { row, a in try Self.negate(try f(row, a)) }
        case .not(let x):
            let f = try compile(x)
            return { row, a in
                guard case .bool(let b) = try f(row, a) else { return .null }
                return .bool(!b)
            }
        case .and(let x, let y):
            let fx = try compile(x), fy = try compile(y)
            return { row, a in
                let u = try fx(row, a)
                if case .bool(false) = u { return .bool(false) }
                let v = try fy(row, a)
                if case .bool(false) = v { return .bool(false) }
                if case .bool(true) = u, case .bool(true) = v { return .bool(true) }
                return .null
            }
        case .or(let x, let y):
            let fx = try compile(x), fy = try compile(y)
            return { row, a in
                let u = try fx(row, a)
                if case .bool(true) = u { return .bool(true) }
                let v = try fy(row, a)
                if case .bool(true) = v { return .bool(true) }
                if case .bool(false) = u, case .bool(false) = v { return .bool(false) }
                return .null
            }
        case .arithmetic(let op, let x, let y):
            let fx = try compile(x), fy = try compile(y)
            return { row, a in try Self.arithmetic(op, try fx(row, a), try fy(row, a)) }
        case .comparison(let op, let x, let y):
            let fx = try compile(x), fy = try compile(y)
            return { row, a in Self.compare(op, try fx(row, a), try fy(row, a)) }
        case .anyOf(let subject, let items, let negated):
            let fs = try compile(subject)
            var fi: [Compiled] = []
            for item in items { fi.append(try compile(item)) }
            return { row, a in
                let x = try fs(row, a)
                var sawNull = false
                for f in fi {
                    switch Self.compare(.equal, x, try f(row, a)) {
                    case .bool(true): return .bool(!negated)
                    case .null: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .bool(negated)
            }
        case .call(let name, let arguments, let type, let zone):
            guard let function = FunctionTable.definition(named: name),
                  case .row(let implementation) = function.implementation else {
                throw ExpressionError("'\(name)' is not a row function")
            }
            var fa: [Compiled] = []
            for argument in arguments { fa.append(try compile(argument)) }
            let call = RowCall(arguments: arguments, type: type, zone: zone, calendar: calendar(zone))
            switch implementation.evaluation {
            case .values(let make):
                let apply = make(call)
                if fa.count == 1, let only = fa.first {
                    return { row, a in try apply([try only(row, a)]) }
                }
                return { row, a in
                    var values: [Value] = []
                    values.reserveCapacity(fa.count)
                    for f in fa { values.append(try f(row, a)) }
                    return try apply(values)
                }
            case .lazy(let make):
                let apply = make(call)
                return { row, a in try apply(fa.map { f in { try f(row, a) } }) }
            }
        }
    }

    // MARK: Operations

    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Value {
        if a.isNull || b.isNull { return .null }
        return .bool(op.holds(for: Value.compare(a, b)))
    }

    static func negate(_ v: Value) throws -> Value {
        switch v {
        case .int(let i):
            guard i != .min else { throw ExpressionError("integer out of range") }
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
            if overflow { throw ExpressionError("integer out of range") }
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

/// Computes aggregates (`avg(price)`, `p(90, price)`) over groups of rows:
/// each argument is computed per row, then the function of the table over
/// the group's values.
public struct AggregateEvaluator {
    public let calls: [AggregateCall]
    private let arguments: [[([Value]) throws -> Value]]
    private let weights: [(([Value]) throws -> Value)?]

    public init(_ calls: [AggregateCall], schema: Schema) throws {
        self.calls = calls
        var arguments: [[([Value]) throws -> Value]] = []
        var weights: [(([Value]) throws -> Value)?] = []
        for call in calls {
            var compiled: [([Value]) throws -> Value] = []
            for argument in call.arguments { compiled.append(try argument.compile(for: schema)) }
            arguments.append(compiled)
            weights.append(try call.weight.map { try $0.compile(for: schema) })
        }
        self.arguments = arguments
        self.weights = weights
    }

    /// The value of every aggregate over the rows at `indices` of `rows`.
    public func values(over rows: [[Value]], indices: [Int]) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(calls.count)
        for (k, call) in calls.enumerated() {
            guard let function = FunctionTable.definition(named: call.function),
                  case .aggregate(let implementation) = function.implementation else {
                throw ExpressionError("'\(call.function)' is not an aggregate")
            }
            var columns: [[Value]] = []
            for f in arguments[k] {
                var values: [Value] = []
                values.reserveCapacity(indices.count)
                for i in indices { values.append(try f(rows[i])) }
                columns.append(values)
            }
            var weightValues: [Value]?
            if let w = weights[k] {
                var values: [Value] = []
                values.reserveCapacity(indices.count)
                for i in indices { values.append(try w(rows[i])) }
                weightValues = values
            }
            out.append(try implementation.compute(call, columns, weightValues, indices.count))
        }
        return out
    }
}
