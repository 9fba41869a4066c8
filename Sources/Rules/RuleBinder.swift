import Foundation
import Query
import Tabular

/// A rule set bound to an input's columns: what `RuleEvaluator` runs.
struct BoundRuleSet: Sendable {
    struct BoundRule: Sendable {
        var decision: String
        /// nil for `otherwise`.
        var condition: CompiledExpression?
        var reason: ReasonTemplate
        var reasonValues: [CompiledExpression]
    }

    /// One statistic to compute per group, e.g. `p(90, price)`.
    struct Statistic: Sendable {
        var function: RuleFunction
        /// The percentile of `p`.
        var rank: Double
        /// The row expression summarised; nil for `count()`.
        var argument: CompiledExpression?
    }

    var groupColumns: [Int]
    var statistics: [Statistic]
    var rules: [BoundRule]
}

/// Binds a `RuleSet` to a schema: resolves names (aliases included), checks
/// types, and collects the statistics to compute.
struct RuleBinder {
    /// The static type of an expression, for checks and messages.
    enum ValueKind: Equatable {
        case number, text, bool, time

        init(_ type: ValueType) {
            switch type {
            case .int, .double: self = .number
            case .text: self = .text
            case .bool: self = .bool
            case .time, .day: self = .time
            }
        }

        var description: String {
            switch self {
            case .number: return "a number"
            case .text: return "text"
            case .bool: return "a condition (true or false)"
            case .time: return "a time"
            }
        }
    }

    let ruleSet: RuleSet
    let schema: Schema
    let resolver: ColumnResolver
    var source: SourceText { ruleSet.source }
    private var statistics: [BoundRuleSet.Statistic] = []
    private var statisticSlots: [String: Int] = [:]

    init(ruleSet: RuleSet, schema: Schema, aliases: ColumnAliases) {
        self.ruleSet = ruleSet
        self.schema = schema
        self.resolver = ColumnResolver(schema: schema, fileAliases: ruleSet.aliases, callerAliases: aliases,
                                       source: ruleSet.source)
    }

    mutating func bind() throws(QueryError) -> BoundRuleSet {
        let groups = try groupColumns()
        var rules: [BoundRuleSet.BoundRule] = []
        for rule in ruleSet.rules {
            var condition: CompiledExpression?
            if let expression = rule.condition {
                let (compiled, kind) = try compile(expression)
                guard kind == .bool else {
                    throw QueryError(.wrongType, "the condition of '\(rule.decision)' is \(kind.description), not a test",
                                     at: expression.range, in: source,
                                     note: "compare it with something, e.g. price > 150 or price < avg(price)")
                }
                condition = compiled
            }
            var values: [CompiledExpression] = []
            for e in rule.reason.expressions { values.append(try compile(e).0) }
            rules.append(.init(decision: rule.decision, condition: condition, reason: rule.reason, reasonValues: values))
        }
        return BoundRuleSet(groupColumns: groups, statistics: statistics, rules: rules)
    }

    private func groupColumns() throws(QueryError) -> [Int] {
        switch ruleSet.statistics {
        case .overAllRows: return []
        case .perAreaWhenPresent:
            if case .column(let i) = resolver.resolve("area") { return [i] }
            return []
        case .per(let names):
            var out: [Int] = []
            for name in names {
                guard case .column(let i) = resolver.resolve(name.name) else {
                    throw resolver.unknownColumn(name.name, at: name.range)
                }
                out.append(i)
            }
            return out
        }
    }

    // MARK: Expressions

    /// The compiled expression and its kind. `inStatistic`: inside the
    /// argument of a statistic (a row expression).
    private mutating func compile(_ e: Expression, inStatistic: Bool = false) throws(QueryError) -> (CompiledExpression, ValueKind) {
        switch e.kind {
        case .literal(let literal):
            let value = literal.value(in: .copenhagen)
            switch literal {
            case .integer, .decimal, .duration: return (.constant(value), .number)
            case .string: return (.constant(value), .text)
            case .bool: return (.constant(value), .bool)
            case .date, .dateTime: return (.constant(value), .time)
            }
        case .identifier(let name), .column(let name):
            guard case .column(let i) = resolver.resolve(name) else { throw resolver.unknownColumn(name, at: e.range) }
            return (.column(i), ValueKind(schema.columns[i].type))
        case .variable(let name):
            throw QueryError(.unknownVariable, "variables such as '$\(name)' cannot be used in a rules file",
                             at: e.range, in: source)
        case .list:
            throw QueryError(.operatorNotAllowed, "a list of values can only follow '=' or '!='", at: e.range, in: source,
                             note: "e.g. area = DK1,DK2")
        case .negate(let x):
            let (c, _) = try operand(x, must: .number, for: "'-'", inStatistic)
            return (.negate(c), .number)
        case .not(let x):
            let (c, _) = try operand(x, must: .bool, for: "'not'", inStatistic)
            return (.not(c), .bool)
        case .arithmetic(let op, let a, let b):
            let (l, _) = try operand(a, must: .number, for: "'\(op.rawValue)'", inStatistic)
            let (r, _) = try operand(b, must: .number, for: "'\(op.rawValue)'", inStatistic)
            return (.arithmetic(op, l, r), .number)
        case .and(let a, let b):
            let (l, _) = try operand(a, must: .bool, for: "'and'", inStatistic)
            let (r, _) = try operand(b, must: .bool, for: "'and'", inStatistic)
            return (.and(l, r), .bool)
        case .or(let a, let b):
            let (l, _) = try operand(a, must: .bool, for: "'or'", inStatistic)
            let (r, _) = try operand(b, must: .bool, for: "'or'", inStatistic)
            return (.or(l, r), .bool)
        case .comparison(let op, let a, let b):
            return (try comparison(op, a, b, range: e.range, inStatistic), .bool)
        case .call(let name, let arguments):
            return try call(e, name, arguments, inStatistic)
        }
    }

    /// An operand that must be of `kind`, with an error naming `what` needs it.
    private mutating func operand(_ e: Expression, must kind: ValueKind, for what: String,
                                  _ inStatistic: Bool) throws(QueryError) -> (CompiledExpression, ValueKind) {
        let (c, k) = try compile(e, inStatistic: inStatistic)
        guard k == kind else {
            throw QueryError(.wrongType, "\(what) needs \(kind.description), but \(quote(e)) is \(k.description)",
                             at: e.range, in: source)
        }
        return (c, k)
    }

    private mutating func comparison(_ op: ComparisonOperator, _ a: Expression, _ b: Expression, range: SourceRange,
                                     _ inStatistic: Bool) throws(QueryError) -> CompiledExpression {
        // A name that is not a column, compared with a text column, is a word: `area = DK1`.
        let left = columnKind(b) == .text ? asText(a) : a
        let right = columnKind(a) == .text ? asText(b) : b
        if case .list = left.kind, case .list = right.kind {
            throw QueryError(.operatorNotAllowed, "only one side of a comparison can be a list", at: range, in: source)
        }
        for side in [left, right] {
            if case .list = side.kind, op != .equal, op != .notEqual {
                throw QueryError(.operatorNotAllowed, "a list of values can only follow '=' or '!='", at: side.range,
                                 in: source, note: "'\(op.rawValue)' compares with one value")
            }
        }
        let (l, lk) = try compileSide(left, inStatistic)
        let (r, rk) = try compileSide(right, inStatistic)
        if lk != rk {
            throw QueryError(.wrongType, "cannot compare \(quote(left)) (\(lk.description)) with \(quote(right)) (\(rk.description))",
                             at: range, in: source)
        }
        if lk == .bool, op != .equal, op != .notEqual {
            throw QueryError(.wrongType, "conditions can only be compared with '=' or '!='", at: range, in: source)
        }
        return .comparison(op, atMidnight(l, comparedWith: r), atMidnight(r, comparedWith: l))
    }

    /// A date compared with an instant column means midnight in Copenhagen
    /// (a Danish day), not in UTC: `time >= 2024-10-01`.
    private func atMidnight(_ e: CompiledExpression, comparedWith other: CompiledExpression) -> CompiledExpression {
        guard case .column(let i) = other, schema.columns[i].type == .time else { return e }
        switch e {
        case .constant(.day(let d)): return .constant(.time(d.start(in: .copenhagen)))
        case .list(let items): return .list(items.map { atMidnight($0, comparedWith: other) })
        default: return e
        }
    }

    /// One side of a comparison: an expression, or a list whose items all have one kind.
    private mutating func compileSide(_ e: Expression, _ inStatistic: Bool) throws(QueryError) -> (CompiledExpression, ValueKind) {
        guard case .list(let items) = e.kind else { return try compile(e, inStatistic: inStatistic) }
        var compiled: [CompiledExpression] = []
        var kind: ValueKind?
        for item in items {
            let (c, k) = try compile(item, inStatistic: inStatistic)
            if let kind, kind != k {
                throw QueryError(.wrongType, "the values of a list must all be of one kind; \(quote(item)) is \(k.description)",
                                 at: item.range, in: source)
            }
            kind = k
            compiled.append(c)
        }
        return (.list(compiled), kind ?? .text)
    }

    private mutating func call(_ e: Expression, _ name: String, _ arguments: [Expression],
                               _ inStatistic: Bool) throws(QueryError) -> (CompiledExpression, ValueKind) {
        // FunctionCheck has vetted names, arity, nesting and the percentile at parse time.
        guard let function = RuleFunction(named: name), function.arity.contains(arguments.count) else {
            throw QueryError(.other, "unknown function '\(name)'", at: e.range, in: source)
        }
        if function == .abs {
            let (c, _) = try operand(arguments[0], must: .number, for: "'abs'", inStatistic)
            return (.absolute(c), .number)
        }
        if inStatistic {
            throw QueryError(.other, "statistics cannot be nested", at: e.range, in: source)
        }
        var rank = 0.0
        var argument = arguments.first
        if function == .p {
            switch arguments[0].kind {
            case .literal(.integer(let i)): rank = Double(i)
            case .literal(.decimal(let d)): rank = d
            default: break
            }
            argument = arguments[1]
        }
        var compiled: CompiledExpression?
        if let argument {
            if function == .count {
                compiled = try compile(argument, inStatistic: true).0
            } else {
                compiled = try operand(argument, must: .number, for: "'\(function.rawValue)'", true).0
            }
        }
        // The same statistic written twice is computed once.
        let key = "\(function.rawValue)|\(rank)|" + (argument.map { SyntaxDump.expression($0) } ?? "")
        if let slot = statisticSlots[key] { return (.statistic(slot), .number) }
        statistics.append(.init(function: function, rank: rank, argument: compiled))
        statisticSlots[key] = statistics.count - 1
        return (.statistic(statistics.count - 1), .number)
    }

    // MARK: Names

    /// The kind of `e` when it is a name that resolves to a column.
    private func columnKind(_ e: Expression) -> ValueKind? {
        switch e.kind {
        case .identifier(let name), .column(let name):
            if case .column(let i) = resolver.resolve(name) { return ValueKind(schema.columns[i].type) }
            return nil
        default: return nil
        }
    }

    /// Names that are no column at all, as text literals (lists item by item).
    private func asText(_ e: Expression) -> Expression {
        switch e.kind {
        case .identifier(let name):
            if case .unknown = resolver.resolve(name) { return Expression(.literal(.string(name)), range: e.range) }
            return e
        case .list(let items):
            return Expression(.list(items.map(asText)), range: e.range)
        default:
            return e
        }
    }

    /// `'price'` or `'avg(price) * 1.2'`, as written, shortened.
    private func quote(_ e: Expression) -> String {
        let text = source.text(in: e.range).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return "'" + (text.count > 30 ? String(text.prefix(29)) + "…" : text) + "'"
    }
}
