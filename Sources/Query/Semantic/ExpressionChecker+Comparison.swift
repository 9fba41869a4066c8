import Foundation
import Tabular

/// Comparisons: `price > 100`, `area = DK1,DK2`, `time >= 2024-10-01`.
extension ExpressionChecker {
    func comparison(_ op: ComparisonOperator, _ a: Expression, _ b: Expression, whole: Expression,
                    insideAggregate outer: Expression?) throws(QueryError) -> TypedExpression {
        // A bare name that is no column, compared with a text column, is a word: `area = DK1`.
        var left = isTextColumn(b) ? asText(a) : a
        var right = isTextColumn(a) ? asText(b) : b
        if case .list = left.kind {
            if case .list = right.kind {
                throw QueryError(.operatorNotAllowed, "only one side of a comparison can be a list", at: whole.range, in: source)
            }
            swap(&left, &right)
        }
        if case .list(let items) = right.kind {
            guard op == .equal || op == .notEqual else {
                throw QueryError(.operatorNotAllowed, "a list of values can only follow '=' or '!='", at: right.range,
                                 in: source, note: "'\(op.rawValue)' compares with one value")
            }
            let subject = try typed(left, insideAggregate: outer)
            var values: [TypedExpression] = []
            for item in items {
                values.append(try coerce(try typed(item, insideAggregate: outer), item, toMatch: subject,
                                         subjectText: left, whole: whole))
            }
            return try fold(.anyOf(subject, values, negated: op == .notEqual), whole)
        }
        var l = try typed(left, insideAggregate: outer), r = try typed(right, insideAggregate: outer)
        r = try coerce(r, right, toMatch: l, subjectText: left, whole: whole)
        l = try coerce(l, left, toMatch: r, subjectText: right, whole: whole)
        if l.type == .bool, op != .equal, op != .notEqual {
            throw QueryError(.wrongType, "conditions can only be compared with '=' or '!='", at: whole.range, in: source)
        }
        return try fold(.comparison(op, l, r), whole)
    }

    /// Whether `e` is a name of a text column.
    func isTextColumn(_ e: Expression) -> Bool {
        switch e.kind {
        case .identifier(let name), .column(let name): return scope.resolve(name)?.type == .text
        default: return false
        }
    }

    /// Names that are no column, as text (a list item by item).
    func asText(_ e: Expression) -> Expression {
        switch e.kind {
        case .identifier(let name) where scope.resolve(name) == nil:
            return Expression(.literal(.string(name)), range: e.range)
        case .list(let items):
            return Expression(.list(items.map(asText)), range: e.range)
        default:
            return e
        }
    }

    /// `value` made comparable with `subject`, or a type-mismatch error.
    func coerce(_ value: TypedExpression, _ valueText: Expression, toMatch subject: TypedExpression,
                subjectText: Expression, whole: Expression) throws(QueryError) -> TypedExpression {
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
        if case .constant = subject, subject.columns.isEmpty, !value.columns.isEmpty || value.usesAggregates { return value }
        var note: String?
        if s == .text, Self.isNumber(v) { note = "to compare with a number as text, quote it: '\(text(valueText))'" }
        if s == .day, v == .time { note = "compare a day with a date, like 2024-10-01, or use day(time)" }
        if s == .time, v == .day { note = "compare a time with a date or time, or a day with day(time)" }
        if (s == .time || s == .day), v == .text { note = "write dates without quotes, like 2024-10-01 or 2024-10-01T12:00" }
        throw QueryError(.wrongType,
                         "cannot compare \(text(subjectText)) (\(Self.describe(s))) with \(text(valueText)) (\(Self.describe(v)))",
                         at: whole.range, in: source, label: "\(Self.describe(s)) and \(Self.describe(v))", note: note)
    }
}
