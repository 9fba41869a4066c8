import Foundation
import Tabular

/// The one checker of the expression language: turns a parsed `Expression`
/// into a `TypedExpression` for a scope (an input's columns), with errors
/// that point at the text. Pipeline stages and rules files both use it.
///
/// - Names: a column (or, in rules files, an alias). A bare name that is no
///   column, compared with a text column, is a word value (`area = DK1`,
///   `area = DK1,DK2`); anywhere else it is an unknown column, with "did you
///   mean". A name in backquotes is always a column.
/// - Comparisons need comparable sides: numbers with numbers, text with
///   text, times with times or dates (a date is its midnight in the
///   pipeline's zone), days with dates, true/false with booleans; a list
///   (`DK1,DK2`) only with `=` or `!=`.
/// - Arithmetic on numbers; `/` always divides as decimals and a division
///   by zero gives null; integer overflow is an error (in SQL and in memory).
/// - `and`, `or`, `not` on conditions (three-valued, as in SQL).
/// - Functions from `FunctionTable`. Aggregates go where `aggregates` allows
///   them: per group (`summarize`), per window (rules files), or nowhere
///   (`where`, `extend`, …); they cannot be nested.
///
/// Parts without columns or aggregates are computed once here
/// (`price > 100 * 2` becomes `price > 200`).
public final class ExpressionChecker {
    /// Where aggregates such as `avg(price)` may appear.
    public enum AggregateUse: Sendable {
        /// Not here: the stage looks at one row at a time.
        case none
        /// Values of the whole group (`summarize`): columns only inside aggregates.
        case grouped
        /// Statistics of the window next to the row's own values (rules files).
        case window
    }

    public let scope: ExpressionScope
    public let timeZone: TimeZone
    public let source: SourceText?
    /// Names the place for messages: "where", "summarize", "the rule".
    public let stage: String
    public let aggregateUse: AggregateUse
    /// The aggregates found so far, by slot (`TypedExpression.aggregate(slot)`);
    /// the same aggregate written twice has one slot.
    public private(set) var aggregates: [AggregateCall] = []
    /// Things worth telling the user (an average that could not be time-weighted).
    public private(set) var notes: [String] = []
    private var slots: [AggregateCall: Int] = [:]

    public init(scope: ExpressionScope, timeZone: TimeZone, source: SourceText?, stage: String,
                aggregates: AggregateUse = .none) {
        self.scope = scope
        self.timeZone = timeZone
        self.source = source
        self.stage = stage
        self.aggregateUse = aggregates
    }

    public convenience init(schema: Schema, timeZone: TimeZone, source: SourceText?, stage: String,
                            aggregates: AggregateUse = .none) {
        self.init(scope: ExpressionScope(schema: schema), timeZone: timeZone, source: source, stage: stage,
                  aggregates: aggregates)
    }

    /// A condition: an expression whose value is true, false or null.
    public func condition(_ expression: Expression) throws(QueryError) -> TypedExpression {
        let typed = try check(expression)
        guard typed.type == .bool else {
            throw QueryError(.wrongType, "'\(stage)' needs a condition like price > 100, but this is \(Self.describe(typed.type))",
                             at: expression.range, in: source, label: "\(Self.describe(typed.type)), not true or false")
        }
        return typed
    }

    /// Any expression (a value to sort by, a computed column, an aggregate).
    public func check(_ expression: Expression) throws(QueryError) -> TypedExpression {
        try typed(expression, insideAggregate: nil)
    }

    /// A key to rank, group or pivot by: like `check`, except that a lone
    /// quoted text means the column of that name (`top 3 by="price"`), since
    /// a constant would rank nothing.
    public func key(_ expression: Expression) throws(QueryError) -> TypedExpression {
        if case .literal(.string(let name)) = expression.kind {
            return try check(Expression(.column(name), range: expression.range))
        }
        return try check(expression)
    }

    // MARK: Nodes

    func typed(_ e: Expression, insideAggregate outer: Expression?) throws(QueryError) -> TypedExpression {
        switch e.kind {
        case .literal(let literal):
            return try self.literal(literal, at: e.range)
        case .identifier(let name), .column(let name):
            guard let column = scope.resolve(name) else { throw scope.unknownColumn(name, e.range, source) }
            return .column(column.name, column.type)
        case .variable(let name):
            throw QueryError(.unknownVariable, "unknown variable '$\(name)'", at: e.range, in: source)
        case .list:
            throw QueryError(.wrongType, "a list of values only works in a comparison, like area = DK1,DK2",
                             at: e.range, in: source)
        case .call(let name, let arguments):
            return try call(e, name: name, arguments: arguments, insideAggregate: outer)
        case .negate(let x):
            let inner = try typed(x, insideAggregate: outer)
            try requireNumber(inner, x, doing: "negate")
            return try fold(.negate(inner), e)
        case .not(let x):
            let inner = try typed(x, insideAggregate: outer)
            try requireCondition(inner, x, for: "not")
            return try fold(.not(inner), e)
        case .and(let a, let b), .or(let a, let b):
            let word: String
            if case .and = e.kind { word = "and" } else { word = "or" }
            let left = try typed(a, insideAggregate: outer), right = try typed(b, insideAggregate: outer)
            try requireCondition(left, a, for: word)
            try requireCondition(right, b, for: word)
            return try fold(word == "and" ? .and(left, right) : .or(left, right), e)
        case .arithmetic(let op, let a, let b):
            let left = try typed(a, insideAggregate: outer), right = try typed(b, insideAggregate: outer)
            try requireNumber(left, a, doing: op.verb)
            try requireNumber(right, b, doing: op.verb)
            return try fold(.arithmetic(op, left, right), e)
        case .comparison(let op, let a, let b):
            return try comparison(op, a, b, whole: e, insideAggregate: outer)
        }
    }

    func literal(_ literal: Expression.Literal, at range: SourceRange) throws(QueryError) -> TypedExpression {
        switch literal {
        case .integer(let i): return .constant(.int(i), .int)
        case .decimal(let d): return .constant(.double(d), .double)
        case .string(let s): return .constant(.text(s), .text)
        case .bool(let b): return .constant(.bool(b), .bool)
        case .duration(let d):
            guard !d.isCalendar else {
                throw QueryError(.wrongType, "\(d.text) has no fixed length in seconds", at: range, in: source,
                                 note: "months and years are periods for bin(time, 1mo); write days elsewhere, e.g. 30d")
            }
            return .constant(.int(d.seconds), .int)
        case .date(let d): return .constant(.day(d), .day)
        case .dateTime(let t):
            guard let date = t.date(in: timeZone) else {
                throw QueryError(.invalidDate, "'\(t.text)' is not a time that exists", at: range, in: source)
            }
            return .constant(.time(date), .time)
        }
    }

    func requireNumber(_ e: TypedExpression, _ written: Expression, doing verb: String) throws(QueryError) {
        guard Self.isNumber(e.type) else {
            throw QueryError(.wrongType, "cannot \(verb) \(text(written)): it is \(Self.describe(e.type)), not a number",
                             at: written.range, in: source)
        }
    }

    func requireCondition(_ e: TypedExpression, _ written: Expression, for word: String) throws(QueryError) {
        guard e.type == .bool else {
            throw QueryError(.wrongType, "'\(word)' needs conditions on both sides, like price > 100; \(text(written)) is \(Self.describe(e.type))",
                             at: written.range, in: source)
        }
    }

    /// A node without columns or aggregates, computed now.
    func fold(_ node: TypedExpression, _ written: Expression) throws(QueryError) -> TypedExpression {
        guard node.columns.isEmpty, !node.usesAggregates else { return node }
        do {
            return .constant(try node.evaluate([]), node.type)
        } catch {
            throw QueryError(.other, "cannot compute \(text(written)): \(error)", at: written.range, in: source)
        }
    }

    /// The text as written, shortened for messages.
    func text(_ e: Expression) -> String {
        guard let source else { return "the value" }
        let written = source.text(in: e.range).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return written.count > 30 ? String(written.prefix(29)) + "…" : written
    }

    // MARK: Aggregates

    /// The slot of `call`, reusing the slot of the same aggregate written before.
    func slot(of call: AggregateCall) -> Int {
        if let slot = slots[call] { return slot }
        aggregates.append(call)
        slots[call] = aggregates.count - 1
        return aggregates.count - 1
    }

    func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    // MARK: Units

    /// The unit of a value: a column's own; an aggregate's argument's
    /// (none for count and corr); a sum or difference of the same units; a
    /// negation, abs, round, coalesce or if of its values'.
    public func unit(of e: TypedExpression) -> String? {
        switch e {
        case .column(let name, _): return scope.resolve(name)?.unit
        case .constant, .comparison, .anyOf, .and, .or, .not: return nil
        case .negate(let x): return unit(of: x)
        case .arithmetic(let op, let a, let b):
            guard op == .add || op == .subtract else { return nil }
            let (x, y) = (unit(of: a), unit(of: b))
            if case .constant = a { return y }
            if case .constant = b { return x }
            return x == y ? x : nil
        case .call(let name, let arguments, _, _):
            switch name {
            case "abs", "round": return arguments.first.flatMap(unit(of:))
            case "coalesce", "if":
                let units = Set((name == "if" ? Array(arguments.dropFirst()) : arguments).map(unit(of:)))
                return units.count == 1 ? units.first ?? nil : nil
            default: return nil
            }
        case .aggregate(let slot, _):
            let call = aggregates[slot]
            switch call.function {
            case "count", "corr": return nil
            default: return call.arguments.last.flatMap(unit(of:))
            }
        }
    }

    // MARK: Describing types

    public static func isNumber(_ t: ValueType) -> Bool { t == .int || t == .double }

    public static func describe(_ t: ValueType) -> String {
        switch t {
        case .bool: return "true/false"
        case .int, .double: return "a number"
        case .text: return "text"
        case .time: return "a time"
        case .day: return "a day"
        }
    }
}

extension ArithmeticOperator {
    var verb: String {
        switch self {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        }
    }
}
