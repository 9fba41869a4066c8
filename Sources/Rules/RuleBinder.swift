import Foundation
import Query
import Tabular

/// A rule set bound to an input's columns: what `RuleEvaluator` runs.
struct BoundRuleSet: Sendable {
    struct BoundRule: Sendable {
        var decision: String
        /// nil for `otherwise`.
        var condition: TypedExpression?
        /// Where the condition is written, for errors while computing it.
        var conditionRange: SourceRange?
        var reason: ReasonTemplate
        var reasonValues: [TypedExpression]
    }

    var groupColumns: [Int]
    /// The statistics the rules use (`avg(price)`, `p(90, price)`), per window group.
    var statistics: [AggregateCall]
    var rules: [BoundRule]
    var schema: Schema
    var source: SourceText
}

/// Binds a `RuleSet` to a schema with the language's one checker
/// (`ExpressionChecker`): names resolve through the file's aliases, the
/// input's columns and the caller's aliases (`ColumnResolver`); aggregates
/// are statistics of the window, next to the row's own values.
struct RuleBinder {
    let ruleSet: RuleSet
    let schema: Schema
    let resolver: ColumnResolver
    let timeZone: TimeZone
    var source: SourceText { ruleSet.source }

    init(ruleSet: RuleSet, schema: Schema, aliases: ColumnAliases, timeZone: TimeZone) {
        self.ruleSet = ruleSet
        self.schema = schema
        self.timeZone = timeZone
        self.resolver = ColumnResolver(schema: schema, fileAliases: ruleSet.aliases, callerAliases: aliases,
                                       source: ruleSet.source)
    }

    func bind() throws(QueryError) -> BoundRuleSet {
        let groups = try groupColumns()
        let checker = ExpressionChecker(scope: resolver.scope, timeZone: timeZone, source: source, stage: "the rule",
                                        aggregates: .window)
        var rules: [BoundRuleSet.BoundRule] = []
        for rule in ruleSet.rules {
            var condition: TypedExpression?
            if let expression = rule.condition {
                let typed = try checker.check(expression)
                guard typed.type == .bool else {
                    throw QueryError(.wrongType, "the condition of '\(rule.decision)' is \(Self.describe(typed.type)), not a test",
                                     at: expression.range, in: source,
                                     note: "compare it with something, e.g. price > 150 or price < avg(price)")
                }
                condition = typed
            }
            var values: [TypedExpression] = []
            for e in rule.reason.expressions { values.append(try checker.check(e)) }
            rules.append(.init(decision: rule.decision, condition: condition, conditionRange: rule.condition?.range,
                               reason: rule.reason, reasonValues: values))
        }
        return BoundRuleSet(groupColumns: groups, statistics: checker.aggregates, rules: rules, schema: schema,
                            source: source)
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

    static func describe(_ type: ValueType) -> String {
        type == .bool ? "a condition (true or false)" : ExpressionChecker.describe(type)
    }
}
