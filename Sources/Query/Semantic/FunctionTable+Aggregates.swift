import Foundation
import Tabular

/// Aggregates: in `summarize`, a value per group; in rules files, a
/// statistic of the window. Nulls are skipped (`avg` of 10, null, 20 is 15);
/// an aggregate of no values is null, except `count` and `sum` (0).
extension FunctionTable {
    static let aggregates: [FunctionDefinition] = [
        FunctionDefinition(
            "count", .aggregate, signature: "count([x])", summary: "how many rows (or how many where x is not null)",
            examples: ["prices area=DK1,DK2,DE since=2024-01-01 until=2025-01-01 | where price < 0 | summarize count() by area"],
            arity: 0...1,
            typing: { _ throws(QueryError) in .int },
            .aggregate(AggregateImplementation(
                compute: { _, arguments, _, rows in
                    guard let values = arguments.first else { return .int(Int64(rows)) }
                    return .int(Int64(values.count { !$0.isNull }))
                },
                sql: { _, args, _, _ in args.isEmpty ? "count(*)" : "count(\(args[0]))" }))),
        FunctionDefinition(
            "sum", .aggregate, signature: "sum(x)", summary: "the total (0 when there are no values)",
            examples: ["production area=DK2 since=2024-09-01 until=2024-10-01 | summarize sum(production) by type"],
            arity: 1...1,
            typing: { (a) throws(QueryError) in try a.number(0) },
            .aggregate(AggregateImplementation(
                compute: { call, arguments, _, _ in
                    if call.type == .int {
                        var total: Int64 = 0
                        for case .int(let i) in arguments[0] {
                            let (s, overflow) = total.addingReportingOverflow(i)
                            if overflow { throw ExpressionError("integer out of range in sum()") }
                            total = s
                        }
                        return .int(total)
                    }
                    return .double(WindowStatistics.sum(numbers(arguments[0])))
                },
                sql: { call, args, _, _ in
                    call.type == .int ? "coalesce(sum(\(args[0])), 0)::bigint" : "coalesce(sum(\(args[0])), 0)::double precision"
                }))),
        FunctionDefinition(
            "avg", .aggregate, signature: "avg(x)",
            summary: "the mean; time-weighted where the rows say so (a 15-minute price counts a quarter of an hourly one, a day by its 23–25 hours)",
            examples: ["prices area=DK2 since=2024-09-01 until=2024-10-01 | summarize avg(price) by day(time) | top 3 by=avg_price"],
            arity: 1...1,
            typing: { (a) throws(QueryError) in
                try a.number(0)
                return .double
            },
            .aggregate(AggregateImplementation(
                compute: { _, arguments, weights, _ in
                    guard let weights else { return WindowStatistics.mean(numbers(arguments[0])).map(Value.double) ?? .null }
                    var xs: [Double] = [], ws: [Double] = []
                    for (x, w) in zip(arguments[0], weights) {
                        guard let x = x.number, let w = w.number else { continue }
                        xs.append(x)
                        ws.append(w)
                    }
                    return WindowStatistics.weightedMean(xs, weights: ws).map(Value.double) ?? .null
                },
                sql: { _, args, weight, _ in
                    guard let weight else { return "avg((\(args[0]))::double precision)" }
                    return "sum((\(args[0]))::double precision * (\(weight))) / nullif(sum(CASE WHEN (\(args[0])) IS NOT NULL THEN (\(weight)) END), 0)"
                }))),
        extreme("min", summary: "the smallest value (numbers, text, times, days)",
                example: "prices area=DK2 since=2024-01-01 until=2025-01-01 | summarize min(price), max(price) by month(time)"),
        extreme("max", summary: "the largest value (numbers, text, times, days)",
                example: "daily area=DK1,DK2 since=2024-01-01 until=2025-01-01 | summarize max(max_price), min(day) by area"),
        statistic("median", signature: "median(x)", summary: "the middle value (the mean of the middle two for an even count)",
                  example: "hourly area=DK2 since=2024-09-01 until=2024-11-01 | summarize median(price), avg(price) by hour(time)",
                  arity: 1...1, compute: { _, values in WindowStatistics.median(values) },
                  sql: { _, args, _ in "percentile_cont(0.5) WITHIN GROUP (ORDER BY (\(args[0]))::double precision)" }),
        FunctionDefinition(
            "p", .aggregate, signature: "p(N, x)",
            summary: "the N-th percentile (0–100), interpolating linearly between the closest ranks (as PERCENTILE.INC and percentile_cont)",
            examples: ["prices area=DK1,DK2 since=2024-01-01 until=2025-01-01 | summarize p(90, price), median(price) by area"],
            arity: 2...2, constantArguments: [0],
            typing: { (a) throws(QueryError) in
                _ = try a.constantNumber(0, in: 0...100, what: "the percentile")
                try a.number(1)
                return .double
            },
            .aggregate(AggregateImplementation(
                compute: { call, arguments, _, _ in
                    let rank = rankOf(call)
                    return WindowStatistics.percentile(rank, numbers(arguments[1])).map(Value.double) ?? .null
                },
                sql: { call, args, _, bind in
                    "percentile_cont(\(bind(.double(rankOf(call) / 100), .double))) WITHIN GROUP (ORDER BY (\(args[1]))::double precision)"
                }))),
        statistic("stddev", signature: "stddev(x)", summary: "the population standard deviation √(Σ(x − mean)² / n)",
                  example: "daily area=DK1,DK2,DE since=2024-01-01 until=2025-01-01 | summarize stddev(price), avg(price) by area",
                  arity: 1...1, compute: { _, values in WindowStatistics.standardDeviation(values) },
                  sql: { _, args, _ in "stddev_pop((\(args[0]))::double precision)" }),
        FunctionDefinition(
            "corr", .aggregate, signature: "corr(x, y)", summary: "Pearson's correlation of x and y over the rows where both are present",
            examples: ["hourly area=DK2 since=2024-09-01 until=2024-11-01 | summarize corr(price, production)"],
            arity: 2...2,
            typing: { (a) throws(QueryError) in
                try a.number(0)
                try a.number(1)
                return .double
            },
            .aggregate(AggregateImplementation(
                compute: { _, arguments, _, _ in
                    var xs: [Double] = [], ys: [Double] = []
                    for (x, y) in zip(arguments[0], arguments[1]) {
                        guard let x = x.number, let y = y.number else { continue }
                        xs.append(x)
                        ys.append(y)
                    }
                    return WindowStatistics.correlation(xs, ys).map(Value.double) ?? .null
                },
                sql: { _, args, _, _ in "corr((\(args[0]))::double precision, (\(args[1]))::double precision)" }))),
    ]

    /// The non-null numbers among `values`.
    static func numbers(_ values: [Value]) -> [Double] {
        values.compactMap(\.number)
    }

    /// p's N (a constant, checked).
    static func rankOf(_ call: AggregateCall) -> Double {
        if case .constant(let value, _)? = call.arguments.first { return value.number ?? 50 }
        return 50
    }

    /// A statistic of numbers giving a decimal.
    static func statistic(_ name: String, signature: String, summary: String, example: String, arity: ClosedRange<Int>,
                          compute: @escaping @Sendable (AggregateCall, [Double]) -> Double?,
                          sql: @escaping @Sendable (AggregateCall, [String], (Value, ValueType) -> String) -> String) -> FunctionDefinition {
        FunctionDefinition(
            name, .aggregate, signature: signature, summary: summary, examples: [example], arity: arity,
            typing: { (a) throws(QueryError) in
                try a.number(a.count - 1)
                return .double
            },
            .aggregate(AggregateImplementation(
                compute: { call, arguments, _, _ in compute(call, numbers(arguments[arguments.count - 1])).map(Value.double) ?? .null },
                sql: { call, args, _, bind in sql(call, args, bind) })))
    }

    /// `min` or `max`: of any ordered type (text by code point, as COLLATE "C").
    static func extreme(_ name: String, summary: String, example: String) -> FunctionDefinition {
        let isMin = name == "min"
        return FunctionDefinition(
            name, .aggregate, signature: "\(name)(x)", summary: summary, examples: [example], arity: 1...1,
            typing: { (a) throws(QueryError) in a.type(0) },
            .aggregate(AggregateImplementation(
                compute: { call, arguments, _, _ in
                    var best: Value = .null
                    for value in arguments[0] where !value.isNull {
                        let v = call.type == .double ? Value.asDouble(value) : value
                        if best.isNull { best = v; continue }
                        let order = Value.compare(v, best)
                        if isMin ? order == .orderedAscending : order == .orderedDescending { best = v }
                    }
                    return best
                },
                sql: { call, args, _, _ in
                    switch call.type {
                    case .text: return "\(name)((\(args[0])) COLLATE \"C\")"
                    case .bool: return isMin ? "bool_and(\(args[0]))" : "bool_or(\(args[0]))"
                    default: return "\(name)(\(args[0]))"
                    }
                })))
    }
}
