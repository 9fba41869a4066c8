import Query
import Tabular

/// Runs a bound rule set over rows: splits them into groups, computes each
/// group's statistics once, then gives every row the first matching rule's
/// decision and reason.
struct RuleEvaluator {
    let rules: BoundRuleSet

    /// One (decision, reason) per row, in order; null, null when no rule matches.
    /// A value that cannot be computed (an integer overflow) is an error at the rule.
    func decide(_ rows: [[Value]]) throws(QueryError) -> [(decision: Value, reason: Value)] {
        var groupOf: [[Value]: Int] = [:]
        var members: [[Int]] = []
        for (index, row) in rows.enumerated() {
            let key = rules.groupColumns.map { $0 < row.count ? row[$0] : .null }
            if let g = groupOf[key] {
                members[g].append(index)
            } else {
                groupOf[key] = members.count
                members.append([index])
            }
        }
        var current: BoundRuleSet.BoundRule?
        do {
            let statistics = try AggregateEvaluator(rules.statistics, schema: rules.schema)
            var conditions: [(([Value], [Value]) throws -> Value)?] = []
            var reasons: [[([Value], [Value]) throws -> Value]] = []
            for rule in rules.rules {
                conditions.append(try rule.condition.map { try $0.compileWithAggregates(for: rules.schema) })
                var values: [([Value], [Value]) throws -> Value] = []
                for e in rule.reasonValues { values.append(try e.compileWithAggregates(for: rules.schema)) }
                reasons.append(values)
            }
            var out = [(decision: Value, reason: Value)](repeating: (.null, .null), count: rows.count)
            for group in members {
                current = nil
                let window = try statistics.values(over: rows, indices: group)
                for index in group {
                    let row = rows[index]
                    for (r, rule) in rules.rules.enumerated() {
                        current = rule
                        if let condition = conditions[r] {
                            guard case .bool(true) = try condition(row, window) else { continue }
                        }
                        var values: [Value] = []
                        for f in reasons[r] { values.append(try f(row, window)) }
                        out[index] = (.text(rule.decision), .text(rule.reason.render(values)))
                        break
                    }
                }
            }
            return out
        } catch let error as QueryError {
            throw error
        } catch {
            let range = current?.conditionRange ?? current?.reason.range
                ?? SourceRange(at: rules.source.position(at: 0))
            throw QueryError(.other, "cannot compute the rule\(current.map { " '\($0.decision)'" } ?? ""): \(error)",
                             at: range, in: rules.source)
        }
    }
}
