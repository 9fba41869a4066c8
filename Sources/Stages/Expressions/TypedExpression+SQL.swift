import Postgres
import Query
import Tabular

/// A `TypedExpression` as PostgreSQL text: columns as quoted identifiers of
/// the input relation (names come only from its known columns), every
/// constant as a `$n` parameter, and the in-memory semantics spelled out
/// (`/` in double precision with NULLIF for zero, text ordered by code
/// points with COLLATE "C").
extension TypedExpression {
    public func sql(_ parameters: inout SQLParameters) -> String {
        switch self {
        case .column(let name, _):
            return SQL.identifier(name)
        case .constant(let value, let type):
            return parameters.bind(value.postgres, as: type)
        case .negate(let x):
            return "(-" + x.sql(&parameters) + ")"
        case .not(let x):
            return "(NOT " + x.sql(&parameters) + ")"
        case .and(let a, let b):
            return "(" + a.sql(&parameters) + " AND " + b.sql(&parameters) + ")"
        case .or(let a, let b):
            return "(" + a.sql(&parameters) + " OR " + b.sql(&parameters) + ")"
        case .arithmetic(.divide, let a, let b):
            let x = a.sql(&parameters), y = b.sql(&parameters)
            return "(\(x)::double precision / NULLIF(\(y)::double precision, 0))"
        case .arithmetic(let op, let a, let b):
            return "(" + a.sql(&parameters) + " \(op.rawValue) " + b.sql(&parameters) + ")"
        case .comparison(let op, let a, let b):
            let ordered = op != .equal && op != .notEqual && a.type == .text
            let collate = ordered ? " COLLATE \"C\"" : ""
            return a.sql(&parameters) + collate + " \(op.rawValue) " + b.sql(&parameters)
        case .anyOf(let subject, let items, let negated):
            let x = subject.sql(&parameters)
            let list = items.map { $0.sql(&parameters) }.joined(separator: ", ")
            return x + (negated ? " NOT IN (" : " IN (") + list + ")"
        }
    }
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
