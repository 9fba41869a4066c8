import Tabular

/// Runs a bound rule set over rows: splits them into groups, computes each
/// group's statistics once, then gives every row the first matching rule's
/// decision and reason.
struct RuleEvaluator {
    let rules: BoundRuleSet

    /// One (decision, reason) per row, in order; null, null when no rule matches.
    func decide(_ rows: [[Value]]) -> [(decision: Value, reason: Value)] {
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
        var out = [(decision: Value, reason: Value)](repeating: (.null, .null), count: rows.count)
        for group in members {
            let statistics = rules.statistics.map { compute($0, over: group, of: rows) }
            for index in group {
                out[index] = decide(rows[index], statistics)
            }
        }
        return out
    }

    private func decide(_ row: [Value], _ statistics: [Value]) -> (decision: Value, reason: Value) {
        for rule in rules.rules where rule.condition?.isTrue(row, statistics) ?? true {
            let values = rule.reasonValues.map { $0.evaluate(row, statistics) }
            return (.text(rule.decision), .text(rule.reason.render(values)))
        }
        return (.null, .null)
    }

    /// One statistic of one group; nulls (and non-numbers) are skipped.
    private func compute(_ statistic: BoundRuleSet.Statistic, over group: [Int], of rows: [[Value]]) -> Value {
        guard let argument = statistic.argument else { return .int(Int64(group.count)) }
        if statistic.function == .count {
            return .int(Int64(group.count { !argument.evaluate(rows[$0], []).isNull }))
        }
        let values = group.compactMap { CompiledExpression.number(argument.evaluate(rows[$0], [])) }
        let result: Double?
        switch statistic.function {
        case .avg: result = WindowStatistics.mean(values)
        case .median: result = WindowStatistics.median(values)
        case .min: result = WindowStatistics.minimum(values)
        case .max: result = WindowStatistics.maximum(values)
        case .sum: result = WindowStatistics.sum(values)
        case .stddev: result = WindowStatistics.standardDeviation(values)
        case .p: result = WindowStatistics.percentile(statistic.rank, values)
        case .count, .abs: result = nil
        }
        return result.map(Value.double) ?? .null
    }
}
