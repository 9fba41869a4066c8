import Query
import Tabular

/// An expression checked against the columns of its input: every name is a
/// known column, every literal has the type it is compared with, and the
/// result type is known. Made by `ExpressionChecker`; runs in memory
/// (`compile(for:)`) or as SQL (`sql(_:)`) with the same results, including
/// SQL's three-valued logic: a comparison with null is null, and `where`
/// keeps only rows where the condition is true.
public indirect enum TypedExpression: Sendable, Hashable {
    case column(String, ValueType)
    /// A value fixed before running (a literal, or a part without columns, folded).
    case constant(Value, ValueType)
    case negate(TypedExpression)
    case arithmetic(ArithmeticOperator, TypedExpression, TypedExpression)
    case comparison(ComparisonOperator, TypedExpression, TypedExpression)
    /// `area = DK1,DK2` (or `!=` with `negated`).
    case anyOf(TypedExpression, [TypedExpression], negated: Bool)
    case and(TypedExpression, TypedExpression)
    case or(TypedExpression, TypedExpression)
    case not(TypedExpression)

    public var type: ValueType {
        switch self {
        case .column(_, let t), .constant(_, let t): return t
        case .negate(let e): return e.type
        case .arithmetic(let op, let a, let b):
            return op != .divide && a.type == .int && b.type == .int ? .int : .double
        case .comparison, .anyOf, .and, .or, .not: return .bool
        }
    }

    /// The columns it reads, in order, without repeats.
    public var columns: [String] {
        var seen: [String] = []
        func visit(_ e: TypedExpression) {
            switch e {
            case .column(let name, _): if !seen.contains(name) { seen.append(name) }
            case .constant: break
            case .negate(let x), .not(let x): visit(x)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b):
                visit(a); visit(b)
            case .anyOf(let a, let items, _): visit(a); items.forEach(visit)
            }
        }
        visit(self)
        return seen
    }

    /// The column name when the expression is just a column.
    public var columnName: String? {
        if case .column(let name, _) = self { return name }
        return nil
    }
}
