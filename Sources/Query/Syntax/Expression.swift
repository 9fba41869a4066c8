import Basics
import Foundation
import Tabular

/// An expression: the condition of `where`, a rule in a rules file, a value
/// in parentheses. Built by `ExpressionParser`.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons (`= != < <= > >=`,
/// not chainable), `+ -`, `* /`, unary `-`, then primaries: literals, names,
/// `$variables`, calls `avg(price)` / `p(90, price)`, `( … )`. On either side
/// of a comparison a comma list (`area = DK1,DK2`) means "any of".
///
/// A bare name is an `identifier`: the parser cannot know whether `DK1` is a
/// column or a value. `resolvingIdentifiers(columns:)` decides once the input's
/// columns are known: a name that is a column becomes `.column`; a name that is
/// not, compared with a column, becomes a text literal (`area = DK1`); any
/// other is an unknown column, with a "did you mean".
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        /// A bare name not yet known to be a column or a word value.
        case identifier(String)
        /// A column of the input (after `resolvingIdentifiers`).
        case column(String)
        case variable(String)
        /// `DK1,DK2` in a comparison: equal to any of them.
        case list([Expression])
        case negate(Expression)
        case not(Expression)
        case arithmetic(ArithmeticOperator, Expression, Expression)
        case comparison(ComparisonOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// `avg(price)`: the function's name as written and its arguments.
        case call(String, [Expression])
    }

    /// A constant.
    public enum Literal: Sendable, Hashable {
        case integer(Int64)
        case decimal(Double)
        case string(String)
        case bool(Bool)
        case duration(DurationLiteral)
        case date(Day)
        case dateTime(DateTimeLiteral)

        /// The literal as a row value; wall-clock date-times are read in
        /// `timeZone` and durations become their seconds.
        public func value(in timeZone: TimeZone) -> Value {
            switch self {
            case .integer(let i): return .int(i)
            case .decimal(let d): return .double(d)
            case .string(let s): return .text(s)
            case .bool(let b): return .bool(b)
            case .duration(let d): return .int(d.seconds)
            case .date(let d): return .day(d)
            case .dateTime(let t): return t.date(in: timeZone).map(Value.time) ?? .null
            }
        }
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The direct sub-expressions, left to right.
    public var children: [Expression] {
        switch kind {
        case .literal, .identifier, .column, .variable: return []
        case .list(let items): return items
        case .negate(let e), .not(let e): return [e]
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return [a, b]
        case .call(_, let args): return args
        }
    }

    /// Every node, depth first, parents before children.
    public func allNodes() -> [Expression] {
        var out: [Expression] = []
        var stack = [self]
        while let e = stack.popLast() {
            out.append(e)
            stack.append(contentsOf: e.children.reversed())
        }
        return out
    }

    /// The `$variables` used, with where each is used.
    public var variables: [(name: String, range: SourceRange)] {
        allNodes().compactMap { e in
            if case .variable(let name) = e.kind { return (name, e.range) }
            return nil
        }
    }

    /// The names of identifiers and columns used, in order, without repeats.
    public var names: [String] {
        var seen = Set<String>()
        return allNodes().compactMap { e -> String? in
            switch e.kind {
            case .identifier(let n), .column(let n): return seen.insert(n).inserted ? n : nil
            default: return nil
            }
        }
    }

    /// The same tree with `transform` applied bottom-up to every node.
    public func rewritten(_ transform: (Expression) throws(QueryError) -> Expression) throws(QueryError) -> Expression {
        var copy = self
        switch kind {
        case .literal, .identifier, .column, .variable: break
        case .list(let items):
            var out: [Expression] = []
            for item in items { out.append(try item.rewritten(transform)) }
            copy.kind = .list(out)
        case .negate(let e): copy.kind = .negate(try e.rewritten(transform))
        case .not(let e): copy.kind = .not(try e.rewritten(transform))
        case .arithmetic(let op, let a, let b):
            copy.kind = .arithmetic(op, try a.rewritten(transform), try b.rewritten(transform))
        case .comparison(let op, let a, let b):
            copy.kind = .comparison(op, try a.rewritten(transform), try b.rewritten(transform))
        case .and(let a, let b): copy.kind = .and(try a.rewritten(transform), try b.rewritten(transform))
        case .or(let a, let b): copy.kind = .or(try a.rewritten(transform), try b.rewritten(transform))
        case .call(let name, let args):
            var out: [Expression] = []
            for arg in args { out.append(try arg.rewritten(transform)) }
            copy.kind = .call(name, out)
        }
        return try transform(copy)
    }
}
