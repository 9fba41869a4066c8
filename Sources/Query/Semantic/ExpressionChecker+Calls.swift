import Basics
import Foundation
import Tabular

/// Function calls: row functions and aggregates from `FunctionTable`.
extension ExpressionChecker {
    func call(_ e: Expression, name: String, arguments: [Expression],
              insideAggregate outer: Expression?) throws(QueryError) -> TypedExpression {
        let function = try Self.function(named: name, in: e, arguments: arguments, source: source)
        if function.kind == .aggregate {
            if let outer {
                throw Self.nested(e, inside: outer, source: source)
            }
            if aggregateUse == .none {
                throw QueryError(.other, "'\(stage)' looks at one row at a time; \(function.name)() summarises many rows",
                                 at: e.range, in: source,
                                 note: "aggregates belong in summarize (summarize \(function.name)(…) by area) or in a rules file (decide)")
            }
        }
        var typedArguments: [TypedExpression] = []
        var texts: [String] = []
        for (i, argument) in arguments.enumerated() {
            texts.append(text(argument))
            if i == function.periodArgument, case .literal(.duration(let d)) = argument.kind {
                typedArguments.append(.constant(.text(d.text), .text))
                continue
            }
            let inner: Expression? = function.kind == .aggregate ? e : outer
            typedArguments.append(try typed(argument, insideAggregate: inner))
        }
        let checked = FunctionArguments(name: function.name, typed: typedArguments, ranges: arguments.map(\.range),
                                        callRange: e.range, source: source, texts: texts)
        let type = try function.typing(checked)
        switch function.kind {
        case .row:
            return try fold(.call(function.name, typedArguments, type, timeZone), e)
        case .aggregate:
            var call = AggregateCall(function: function.name, arguments: typedArguments, type: type)
            if function.name == "avg" { call.weight = weight(of: typedArguments[0], written: arguments[0]) }
            return .aggregate(slot(of: call), type)
        }
    }

    /// What `avg(x)` weighs each value by: the column's `weight` when x is
    /// such a column and the weight's column is here too.
    func weight(of argument: TypedExpression, written: Expression) -> TypedExpression? {
        guard let name = argument.columnName, let weight = scope.resolve(name)?.weight else { return nil }
        guard let column = scope.resolve(weight.column) else {
            note("avg(\(name)) is a plain mean: the rows lost the column \(weight.column) that time-weights it")
            return nil
        }
        switch weight {
        case .column: return .column(column.name, column.type)
        case .danishDayHours:
            guard column.type == .day else { return nil }
            return .call("danish_day_hours", [.column(column.name, .day)], .double, .copenhagen)
        }
    }

    /// The function `name` of the table, with its number of arguments
    /// checked; "unknown function" with "did you mean" otherwise.
    static func function(named name: String, in e: Expression, arguments: [Expression],
                         source: SourceText?) throws(QueryError) -> FunctionDefinition {
        guard let function = FunctionTable.definition(named: name), !function.isHidden else {
            let suggestion = Suggestions.closest(to: name, among: FunctionTable.names)
            throw QueryError(.other, "unknown function '\(name)'", at: nameRange(e, name, source), in: source,
                             label: suggestion.map { "did you mean '\($0)'?" },
                             note: "the functions are " + FunctionTable.names.joined(separator: ", "),
                             suggestion: suggestion)
        }
        guard function.arity.contains(arguments.count) else {
            let arity = function.arity
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
                : (arity.upperBound > 10 ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)")
            throw QueryError(arguments.count < arity.lowerBound ? .missingArgument : .tooManyValues,
                             "'\(function.name)' takes \(expected) argument\(expected == "1" ? "" : "s"), found \(arguments.count)",
                             at: e.range, in: source, note: "write \(function.signature): \(function.summary)")
        }
        return function
    }

    static func nested(_ e: Expression, inside outer: Expression, source: SourceText?) -> QueryError {
        var outerName = "an aggregate"
        if case .call(let name, _) = outer.kind { outerName = name }
        return QueryError(.other, "statistics cannot be nested", at: e.range, in: source,
                          label: "inside '\(outerName)'",
                          note: "an aggregate summarises a column (or an expression) of each row, e.g. avg(price * production)")
    }

    /// The name part of a call (`agv` in `agv(price)`).
    static func nameRange(_ call: Expression, _ name: String, _ source: SourceText?) -> SourceRange {
        guard let source else { return call.range }
        let start = call.range.start.offset
        return source.range(start, start + name.count)
    }

    /// The checks that need no columns: known functions, their numbers of
    /// arguments, no aggregate inside an aggregate (nor any where
    /// `allowAggregates` is false), constant percentiles, no `$variables`.
    /// Rules files run it when they are read, so such mistakes show before
    /// any rows do.
    public static func checkCalls(_ expression: Expression, in source: SourceText?, allowAggregates: Bool,
                                  variables: String = "variables such as '$%@' cannot be used here") throws(QueryError) {
        var stack: [(Expression, Expression?)] = [(expression, nil)]
        while let (e, outer) = stack.popLast() {
            switch e.kind {
            case .variable(let name):
                throw QueryError(.unknownVariable, variables.replacingOccurrences(of: "%@", with: name),
                                 at: e.range, in: source, note: "write the value itself, e.g. price > 150")
            case .call(let name, let arguments):
                let function = try function(named: name, in: e, arguments: arguments, source: source)
                var inner = outer
                if function.kind == .aggregate {
                    if let outer { throw nested(e, inside: outer, source: source) }
                    guard allowAggregates else {
                        throw QueryError(.other, "\(function.name)() summarises many rows and cannot be used here",
                                         at: e.range, in: source)
                    }
                    inner = e
                }
                if function.name == "p", let rank = arguments.first {
                    try checkPercentile(rank, source: source)
                }
                for argument in arguments.reversed() { stack.append((argument, inner)) }
            default:
                for child in e.children.reversed() { stack.append((child, outer)) }
            }
        }
    }

    /// The first argument of `p`: a number from 0 to 100, written as such.
    static func checkPercentile(_ rank: Expression, source: SourceText?) throws(QueryError) {
        let value: Double?
        switch rank.kind {
        case .literal(.integer(let i)): value = Double(i)
        case .literal(.decimal(let d)): value = d
        default: value = nil
        }
        guard let value, (0...100).contains(value) else {
            throw QueryError(.wrongType, "the percentile must be a number from 0 to 100", at: rank.range, in: source,
                             note: "e.g. p(90, price) is the price 90% of the rows are at or below")
        }
    }
}
