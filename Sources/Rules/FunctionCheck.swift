import Query

/// The checks of an expression that need no input: known functions, their
/// numbers of arguments, no statistic inside a statistic, a constant
/// percentile, no `$variables`.
struct FunctionCheck {
    let source: SourceText

    func check(_ expression: Expression) throws(QueryError) {
        try check(expression, insideStatistic: nil)
    }

    private func check(_ e: Expression, insideStatistic outer: Expression?) throws(QueryError) {
        switch e.kind {
        case .variable(let name):
            throw QueryError(.unknownVariable, "variables such as '$\(name)' cannot be used in a rules file",
                             at: e.range, in: source, note: "write the value itself, e.g. price > 150")
        case .call(let name, let arguments):
            guard let function = RuleFunction(named: name) else {
                let suggestion = Suggestions.closest(to: name, among: RuleFunction.names)
                throw QueryError(.other, "unknown function '\(name)'", at: functionNameRange(e, name), in: source,
                                 label: suggestion.map { "did you mean '\($0)'?" },
                                 note: "the functions are " + RuleFunction.names.joined(separator: ", "),
                                 suggestion: suggestion)
            }
            guard function.arity.contains(arguments.count) else {
                let expected = function.arity.lowerBound == function.arity.upperBound
                    ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) or \(function.arity.upperBound)"
                throw QueryError(arguments.count < function.arity.lowerBound ? .missingArgument : .tooManyValues,
                                 "'\(function.rawValue)' takes \(expected) argument\(expected == "1" ? "" : "s"), found \(arguments.count)",
                                 at: e.range, in: source,
                                 note: "write \(function.signature): \(function.summary)")
            }
            if function.isStatistic, let outer {
                throw QueryError(.other, "statistics cannot be nested", at: e.range, in: source,
                                 label: "inside '\(outerName(outer))'",
                                 note: "a statistic summarises a column (or an expression) of each row, e.g. avg(price * production)")
            }
            var rest = arguments[...]
            if function == .p, let rank = rest.first {
                try checkPercentile(rank)
                rest = rest.dropFirst()
            }
            for argument in rest {
                try check(argument, insideStatistic: function.isStatistic ? e : outer)
            }
        default:
            for child in e.children { try check(child, insideStatistic: outer) }
        }
    }

    /// The first argument of `p`: a number from 0 to 100, written as such.
    private func checkPercentile(_ rank: Expression) throws(QueryError) {
        let value: Double?
        switch rank.kind {
        case .literal(.integer(let i)): value = Double(i)
        case .literal(.decimal(let d)): value = d
        default: value = nil
        }
        guard let value, (0...100).contains(value) else {
            throw QueryError(.wrongType, "the percentile must be a number from 0 to 100", at: rank.range, in: source,
                             note: "e.g. p(90, price) is the price 90% of the window is at or below")
        }
    }

    private func outerName(_ call: Expression) -> String {
        if case .call(let name, _) = call.kind { return name }
        return "a statistic"
    }

    /// The name part of a call (`agv` in `agv(price)`).
    private func functionNameRange(_ call: Expression, _ name: String) -> SourceRange {
        let start = call.range.start.offset
        return source.range(start, start + name.count)
    }
}
