import Foundation
import Tabular

/// An expression checked against the names it may use (an input's columns,
/// and in rules files their aliases): every name is a known column, every
/// literal has the type it is compared with, every function call fits the
/// function table, and the result type is known. Made by `ExpressionChecker`;
/// runs in memory (`compile`) or as SQL (`SQLWriter`) with the same results,
/// including SQL's three-valued logic: a comparison with null is null, and a
/// filter keeps only rows where the condition is true.
///
/// The same typed expression serves every place that takes one: `where`,
/// `extend`, `select … as`, `summarize`, `top`, source filters and the
/// conditions and reasons of rules files.
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
    /// A row function of the function table (`hour(time)`, `round(x, 2)`),
    /// with its result type and the zone calendar functions read times in.
    case call(String, [TypedExpression], ValueType, TimeZone)
    /// The value of an aggregate (`avg(price)`) in slot N of the checker's
    /// `aggregates`: per group in `summarize`, per window in rules files.
    case aggregate(Int, ValueType)

    public var type: ValueType {
        switch self {
        case .column(_, let t), .constant(_, let t), .call(_, _, let t, _), .aggregate(_, let t): return t
        case .negate(let e): return e.type
        case .arithmetic(let op, let a, let b):
            return op != .divide && a.type == .int && b.type == .int ? .int : .double
        case .comparison, .anyOf, .and, .or, .not: return .bool
        }
    }

    /// The direct sub-expressions.
    public var children: [TypedExpression] {
        switch self {
        case .column, .constant, .aggregate: return []
        case .negate(let x), .not(let x): return [x]
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return [a, b]
        case .anyOf(let a, let items, _): return [a] + items
        case .call(_, let arguments, _, _): return arguments
        }
    }

    /// The columns it reads, in order, without repeats (aggregates' arguments
    /// are not seen here: they belong to the aggregate list).
    public var columns: [String] {
        var seen: [String] = []
        var stack = [self]
        while let e = stack.popLast() {
            if case .column(let name, _) = e, !seen.contains(name) { seen.append(name) }
            stack.append(contentsOf: e.children.reversed())
        }
        return seen
    }

    /// Whether any aggregate slot is used.
    public var usesAggregates: Bool {
        var stack = [self]
        while let e = stack.popLast() {
            if case .aggregate = e { return true }
            stack.append(contentsOf: e.children)
        }
        return false
    }

    /// The column name when the expression is just a column.
    public var columnName: String? {
        if case .column(let name, _) = self { return name }
        return nil
    }

    /// The same expression with every column renamed by `rename` (a join's
    /// right side, a column kept under another name).
    public func renamingColumns(_ rename: (String) -> String) -> TypedExpression {
        switch self {
        case .column(let name, let type): return .column(rename(name), type)
        case .constant, .aggregate: return self
        case .negate(let x): return .negate(x.renamingColumns(rename))
        case .not(let x): return .not(x.renamingColumns(rename))
        case .arithmetic(let op, let a, let b): return .arithmetic(op, a.renamingColumns(rename), b.renamingColumns(rename))
        case .comparison(let op, let a, let b): return .comparison(op, a.renamingColumns(rename), b.renamingColumns(rename))
        case .and(let a, let b): return .and(a.renamingColumns(rename), b.renamingColumns(rename))
        case .or(let a, let b): return .or(a.renamingColumns(rename), b.renamingColumns(rename))
        case .anyOf(let a, let items, let negated):
            return .anyOf(a.renamingColumns(rename), items.map { $0.renamingColumns(rename) }, negated: negated)
        case .call(let name, let arguments, let type, let zone):
            return .call(name, arguments.map { $0.renamingColumns(rename) }, type, zone)
        }
    }
}

/// An aggregate the checker found (`avg(price)`, `p(90, price)`,
/// `corr(wind, price)`): computed once per group (summarize) or window
/// (rules files) and read by `TypedExpression.aggregate(slot)`.
public struct AggregateCall: Sendable, Hashable {
    /// The function's name in the function table.
    public var function: String
    /// Its arguments, row expressions (constants such as p's N included).
    public var arguments: [TypedExpression]
    public var type: ValueType
    /// What each value counts for in `avg`: the interval length of prices,
    /// the hours of a Danish day (see `ColumnWeight`); nil for a plain mean.
    public var weight: TypedExpression?

    public init(function: String, arguments: [TypedExpression], type: ValueType, weight: TypedExpression? = nil) {
        self.function = function
        self.arguments = arguments
        self.type = type
        self.weight = weight
    }
}
