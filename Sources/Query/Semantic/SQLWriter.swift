import Foundation
import Tabular

/// Writes a `TypedExpression` as PostgreSQL text with the in-memory
/// semantics spelled out: columns as quoted identifiers (or what `column`
/// says they are, e.g. a source's raw columns), every constant as a `$n`
/// parameter through `bind` (values never become SQL text), `/` in double
/// precision with NULLIF for zero, text ordered by code point (COLLATE "C"),
/// functions and aggregates as `FunctionTable` writes them.
public struct SQLWriter {
    /// How a column is written; a quoted identifier by default.
    public var column: (String) -> String
    /// The aggregates `TypedExpression.aggregate(slot)` refers to.
    public var aggregates: [AggregateCall]

    public init(column: @escaping (String) -> String = SQLWriter.identifier, aggregates: [AggregateCall] = []) {
        self.column = column
        self.aggregates = aggregates
    }

    /// `"name"`: a quoted identifier (quotes inside doubled), safe for any name.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The PostgreSQL type that holds values of `type`.
    public static func typeName(_ type: ValueType) -> String {
        switch type {
        case .bool: return "boolean"
        case .int: return "bigint"
        case .double: return "double precision"
        case .text: return "text"
        case .time: return "timestamptz"
        case .day: return "date"
        }
    }

    public func sql(_ e: TypedExpression, bind: (Value, ValueType) -> String) -> String {
        switch e {
        case .column(let name, _):
            return column(name)
        case .constant(let value, let type):
            return bind(value, type)
        case .aggregate(let slot, _):
            return slot < aggregates.count ? sql(aggregates[slot], bind: bind) : "NULL"
        case .negate(let x):
            return "(-" + sql(x, bind: bind) + ")"
        case .not(let x):
            return "(NOT " + sql(x, bind: bind) + ")"
        case .and(let a, let b):
            return "(" + sql(a, bind: bind) + " AND " + sql(b, bind: bind) + ")"
        case .or(let a, let b):
            return "(" + sql(a, bind: bind) + " OR " + sql(b, bind: bind) + ")"
        case .arithmetic(.divide, let a, let b):
            let x = sql(a, bind: bind), y = sql(b, bind: bind)
            return "(\(x)::double precision / NULLIF(\(y)::double precision, 0))"
        case .arithmetic(let op, let a, let b):
            return "(" + sql(a, bind: bind) + " \(op.rawValue) " + sql(b, bind: bind) + ")"
        case .comparison(let op, let a, let b):
            let ordered = op != .equal && op != .notEqual && a.type == .text
            let collate = ordered ? " COLLATE \"C\"" : ""
            return operand(a, bind) + collate + " \(op.rawValue) " + operand(b, bind)
        case .anyOf(let subject, let items, let negated):
            let x = operand(subject, bind)
            let list = items.map { sql($0, bind: bind) }.joined(separator: ", ")
            return x + (negated ? " NOT IN (" : " IN (") + list + ")"
        case .call(let name, let arguments, let type, let zone):
            guard let function = FunctionTable.definition(named: name),
                  case .row(let implementation) = function.implementation else { return "NULL" }
            let args = arguments.enumerated().map { i, a in function.constantArguments.contains(i) ? "" : sql(a, bind: bind) }
            let call = RowCall(arguments: arguments, type: type, zone: zone, calendar: LocalCalendar(zone))
            return implementation.sql(call, args, bind)
        }
    }

    /// A side of a comparison: comparisons do not chain in SQL, so one
    /// inside another gets parentheses.
    func operand(_ e: TypedExpression, _ bind: (Value, ValueType) -> String) -> String {
        switch e {
        case .comparison, .anyOf: return "(" + sql(e, bind: bind) + ")"
        default: return sql(e, bind: bind)
        }
    }

    /// An aggregate call.
    public func sql(_ call: AggregateCall, bind: (Value, ValueType) -> String) -> String {
        guard let function = FunctionTable.definition(named: call.function),
              case .aggregate(let implementation) = function.implementation else { return "NULL" }
        let args = call.arguments.enumerated().map { i, a in function.constantArguments.contains(i) ? "" : sql(a, bind: bind) }
        let weight = call.weight.map { sql($0, bind: bind) }
        return implementation.sql(call, args, weight, bind)
    }
}
