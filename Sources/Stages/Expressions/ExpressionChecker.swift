import Foundation
import Query
import Tabular

/// Turns a parsed `Expression` into a `TypedExpression` for an input's
/// columns, with errors that point at the text:
///
/// - names: a column, or (compared with a column) a word value, else
///   "unknown column" with "did you mean" (`Query.Expression.resolvingIdentifiers`);
/// - comparisons need comparable sides: numbers with numbers, text with
///   text, times with times or dates (a date is its midnight in the
///   pipeline's zone), days with dates, true/false with booleans;
/// - a list (`DK1,DK2`) only with `=` or `!=`;
/// - arithmetic on numbers; `/` always divides as decimals and a division by
///   zero gives null (in SQL and in memory alike);
/// - `and`, `or`, `not` on conditions; functions such as avg() are for rules
///   files, not for row filters.
///
/// Parts without columns are computed once here (`price > 100 * 2` becomes `price > 200`).
public struct ExpressionChecker {
    public var schema: Schema
    public var timeZone: TimeZone
    public var source: SourceText?
    /// Names the stage for messages: "where".
    public var stage: String

    public init(schema: Schema, timeZone: TimeZone, source: SourceText?, stage: String) {
        self.schema = schema
        self.timeZone = timeZone
        self.source = source
        self.stage = stage
    }

    /// A condition: an expression whose value is true, false or null.
    public func condition(_ expression: Query.Expression) throws(QueryError) -> TypedExpression {
        let typed = try check(expression)
        guard typed.type == .bool else {
            throw QueryError(.wrongType, "'\(stage)' needs a condition like price > 100, but this is \(Self.describe(typed.type))",
                             at: expression.range, in: source, label: "\(Self.describe(typed.type)), not true or false")
        }
        return typed
    }

    /// Any expression (a value to sort by, a computed column).
    public func check(_ expression: Query.Expression) throws(QueryError) -> TypedExpression {
        let resolved = try expression.resolvingIdentifiers(columns: schema.names, in: source)
        return try typed(resolved)
    }

    // MARK: Nodes

    func typed(_ e: Query.Expression) throws(QueryError) -> TypedExpression {
        switch e.kind {
        case .literal(let literal):
            return literal.typed(in: timeZone)
        case .identifier(let name), .column(let name):
            guard let column = schema.column(named: name) else {
                throw QueryError(.unknownColumn, "unknown column '\(name)'", at: e.range, in: source,
                                 label: Suggestions.closest(to: name, among: schema.names).map { "did you mean '\($0)'?" },
                                 note: "the columns here are " + schema.names.joined(separator: ", "))
            }
            return .column(column.name, column.type)
        case .variable(let name):
            throw QueryError(.unknownVariable, "unknown variable '$\(name)'", at: e.range, in: source)
        case .list:
            throw QueryError(.wrongType, "a list of values only works in a comparison, like area = DK1,DK2",
                             at: e.range, in: source)
        case .call(let name, _):
            throw QueryError(.other, "'\(stage)' cannot call \(name)(): it compares each row's own values",
                             at: e.range, in: source,
                             note: "statistics over many rows such as avg() belong in a rules file (decide)")
        case .negate(let x):
            let inner = try typed(x)
            try requireNumber(inner, x, doing: "negate")
            return fold(.negate(inner))
        case .not(let x):
            let inner = try typed(x)
            try requireCondition(inner, x, for: "not")
            return fold(.not(inner))
        case .and(let a, let b), .or(let a, let b):
            let word: String
            if case .and = e.kind { word = "and" } else { word = "or" }
            let left = try typed(a), right = try typed(b)
            try requireCondition(left, a, for: word)
            try requireCondition(right, b, for: word)
            return fold(word == "and" ? .and(left, right) : .or(left, right))
        case .arithmetic(let op, let a, let b):
            let left = try typed(a), right = try typed(b)
            try requireNumber(left, a, doing: op.verb)
            try requireNumber(right, b, doing: op.verb)
            let node = TypedExpression.arithmetic(op, left, right)
            guard node.columns.isEmpty else { return node }
            do {
                return .constant(try node.evaluate([], schema: Schema([])), node.type)
            } catch {
                throw QueryError(.other, "cannot compute \(text(e)): \(error)", at: e.range, in: source)
            }
        case .comparison(let op, let a, let b):
            return try comparison(op, a, b, whole: e)
        }
    }

    func comparison(_ op: ComparisonOperator, _ a: Query.Expression, _ b: Query.Expression, whole: Query.Expression) throws(QueryError) -> TypedExpression {
        var (left, right) = (a, b)
        if case .list = left.kind {
            if case .list = right.kind {
                throw QueryError(.wrongType, "cannot compare two lists", at: whole.range, in: source)
            }
            swap(&left, &right)
        }
        if case .list(let items) = right.kind {
            guard op == .equal || op == .notEqual else {
                throw QueryError(.operatorNotAllowed, "a list of values works only with = or !=, not \(op.rawValue)",
                                 at: whole.range, in: source, note: "write it as one comparison per value joined with or")
            }
            let subject = try typed(left)
            var values: [TypedExpression] = []
            for item in items {
                values.append(try coerce(try typed(item), item, toMatch: subject, subjectText: left, whole: whole))
            }
            return fold(.anyOf(subject, values, negated: op == .notEqual))
        }
        var l = try typed(left), r = try typed(right)
        r = try coerce(r, right, toMatch: l, subjectText: left, whole: whole)
        l = try coerce(l, left, toMatch: r, subjectText: right, whole: whole)
        return fold(.comparison(op, l, r))
    }

    /// `value` made comparable with `subject`, or a type-mismatch error.
    func coerce(_ value: TypedExpression, _ valueText: Query.Expression, toMatch subject: TypedExpression,
                subjectText: Query.Expression, whole: Query.Expression) throws(QueryError) -> TypedExpression {
        let (s, v) = (subject.type, value.type)
        if s == v || (Self.isNumber(s) && Self.isNumber(v)) { return value }
        if case .constant(let constant, _) = value {
            switch (s, constant) {
            case (.time, .day(let day)):
                return .constant(.time(day.start(in: timeZone)), .time)
            case (.bool, .text(let word)):
                switch word.lowercased() {
                case "true", "yes", "on": return .constant(.bool(true), .bool)
                case "false", "no", "off": return .constant(.bool(false), .bool)
                default: break
                }
            case (_, .null):
                return .constant(.null, s)
            default: break
            }
        }
        // The constant may be on the left; leave it for the other call.
        if case .constant = subject, subject.columns.isEmpty, !value.columns.isEmpty { return value }
        var note: String?
        if s == .text, Self.isNumber(v) { note = "to compare with a number as text, quote it: '\(text(valueText))'" }
        if s == .day, v == .time { note = "compare a day with a date, like 2024-10-01" }
        if (s == .time || s == .day), v == .text { note = "write dates without quotes, like 2024-10-01 or 2024-10-01T12:00" }
        throw QueryError(.wrongType,
                         "cannot compare \(text(subjectText)) (\(Self.describe(s))) with \(text(valueText)) (\(Self.describe(v)))",
                         at: whole.range, in: source, label: "\(Self.describe(s)) and \(Self.describe(v))", note: note)
    }

    func requireNumber(_ e: TypedExpression, _ written: Query.Expression, doing verb: String) throws(QueryError) {
        guard Self.isNumber(e.type) else {
            throw QueryError(.wrongType, "cannot \(verb) \(text(written)): it is \(Self.describe(e.type)), not a number",
                             at: written.range, in: source)
        }
    }

    func requireCondition(_ e: TypedExpression, _ written: Query.Expression, for word: String) throws(QueryError) {
        guard e.type == .bool else {
            throw QueryError(.wrongType, "'\(word)' needs conditions on both sides, like price > 100; \(text(written)) is \(Self.describe(e.type))",
                             at: written.range, in: source)
        }
    }

    /// A node without columns, computed now.
    func fold(_ node: TypedExpression) -> TypedExpression {
        guard node.columns.isEmpty, let value = try? node.evaluate([], schema: Schema([])) else { return node }
        return .constant(value, node.type)
    }

    func text(_ e: Query.Expression) -> String {
        guard let source else { return "the value" }
        let written = source.text(in: e.range)
        return written.count > 30 ? String(written.prefix(29)) + "…" : written
    }

    static func isNumber(_ t: ValueType) -> Bool { t == .int || t == .double }

    static func describe(_ t: ValueType) -> String {
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

extension Query.Expression.Literal {
    /// The literal as a typed constant; dates stay days (compared with a
    /// time they become their midnight in the zone), date-times become instants.
    func typed(in timeZone: TimeZone) -> TypedExpression {
        switch self {
        case .integer(let i): return .constant(.int(i), .int)
        case .decimal(let d): return .constant(.double(d), .double)
        case .string(let s): return .constant(.text(s), .text)
        case .bool(let b): return .constant(.bool(b), .bool)
        case .duration(let d): return .constant(.int(d.seconds), .int)
        case .date(let d): return .constant(.day(d), .day)
        case .dateTime(let t): return .constant(t.date(in: timeZone).map(Value.time) ?? .null, .time)
        }
    }
}
