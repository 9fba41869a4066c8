import Foundation
import Query
import Tabular

/// `summarize AGG [as NAME], … [by KEY [as NAME], …]`: one row per group
/// of rows with the same keys (one row in all without `by`), with the keys
/// first and then each aggregate. The rows come ordered by the keys.
///
/// Aggregates (`.help functions`): count(), sum, avg, min, max, median,
/// p(N, x), stddev (population), corr(x, y), and arithmetic on them
/// (`sum(production) / count()`). `avg(price)` is time-weighted where the
/// rows carry the weight: on `prices` rows a 15-minute price counts a
/// quarter of an hourly one (their `minutes`), on `daily` rows a day counts
/// its 23, 24 or 25 hours, so summarize agrees with `daily` and `hourly`.
/// Keys are columns or expressions: `by area, month(time)`, `by bin(time, 1w)`.
struct SummarizeStage: TransformStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "summarize", kind: .transform,
        summary: "Aggregates rows per group: summarize avg(price), count() by area, month(time). avg(price) is time-weighted on prices and daily rows.",
        examples: [
            "prices area=DK1,DK2,DE since=2024-01-01 until=2025-01-01 | where price < 0 | summarize count() as negative_hours by area",
            "prices area=DK1 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price, p(90, price) by month(time)",
            "hourly area=DK2 since=2024-09-01 until=2024-11-01 | summarize avg(price) as price by hour(time) | chart x=hour",
            "daily area=DK1,DK2 since=2024-06-01 until=2024-09-01 | summarize median(price), stddev(price), count() by area, bin(day, 1mo) as month",
        ],
        syntax: .aggregation)
        spec.notes = [
            "Keys come first, then the aggregates; the rows are ordered by the keys. Without by there is one row (also for no rows). A column without as is named after what it computes: avg(price) is avg_price, count() is count, p(90, price) is p90_price, month(time) is month, bin(time, 1w) is time.",
            "avg(price) is time-weighted where the rows carry the weight, so summarize agrees with the store's own averages: on prices rows each price counts its interval's minutes (a 15-minute price from 2025-10 on counts a quarter of an hourly one), on daily rows each day counts its hours (23, 24 or 25). On other rows (hourly, weeks, months, or after select drops minutes) it is the plain mean of the rows; summarize warns when the weight was dropped. median, p and stddev are never weighted.",
            "Aggregates: count(), count(x), sum, avg, min, max, median, p(N, x) (linear interpolation between closest ranks), stddev (population), corr(x, y) (Pearson). Nulls are skipped; sum and count of nothing are 0, the others null. '.help functions' lists them.",
        ]
        return spec
    }()

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let list = stage.items else {
            throw QueryError(.missingArgument, "summarize needs an aggregate, like count() or avg(price)", at: stage.call.nameRange)
        }
        let source = context.statement
        let keyChecker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: source, stage: "summarize … by")
        var keys: [(Column, TypedExpression)] = []
        var names: [(String, SourceRange)] = []
        for item in list.by {
            let typed = try keyChecker.key(item.expression)
            let name = try ItemColumns.name(of: item, typed: typed, checker: keyChecker, stage: "summarize … by", source: source)
            var column = ItemColumns.column(name, typed, checker: keyChecker)
            column.weight = nil
            keys.append((column, typed))
            names.append((name, item.nameRange ?? item.range))
        }
        let checker = ExpressionChecker(schema: input, timeZone: context.timeZone, source: source, stage: "summarize",
                                        aggregates: .grouped)
        var values: [(Column, TypedExpression)] = []
        for item in list.items {
            let typed = try checker.check(item.expression)
            if let column = typed.columns.first {
                throw QueryError(.wrongType, "'\(column)' is not summarised: summarize gives one row per group",
                                 at: QueryError.range(of: column, within: item.expression.range, in: source), in: source,
                                 note: "use an aggregate such as avg(\(column)) or max(\(column)), or group by it: … by \(column)")
            }
            guard typed.usesAggregates else {
                throw QueryError(.wrongType, "summarize needs an aggregate here, like count() or avg(price)",
                                 at: item.expression.range, in: source, note: "'.help functions' lists the aggregates")
            }
            let name = try ItemColumns.name(of: item, typed: typed, checker: checker, stage: "summarize", source: source)
            values.append((Column(name, typed.type, unit: checker.unit(of: typed)), typed))
            names.append((name, item.nameRange ?? item.range))
        }
        try ItemColumns.checkDistinct(names, source: source)
        for note in checker.notes { context.warnings.warn(stage: "summarize", note) }
        let aggregates = checker.aggregates
        let output = Schema(keys.map(\.0) + values.map(\.0))
        return PreparedTransform(
            output: output, isBlocking: true,
            pushDown: { query in
                query.group(keys: keys, values: values, aggregates: aggregates)
                return true
            },
            apply: { rows, context in
                var result: [[Value]]?
                var index = 0
                return MappedRowStream(schema: output, input: rows) { input in
                    if result == nil {
                        let all = try input.collect(cancellation: context.cancellation)
                        result = try Self.summarize(all, schema: input.schema, keys: keys.map(\.1), values: values.map(\.1),
                                                    aggregates: aggregates, output: output)
                    }
                    guard let rows = result, index < rows.count else { return nil }
                    defer { index += 1 }
                    return rows[index]
                }
            })
    }

    /// The groups' rows, ordered by their keys (as SQL's GROUP BY … ORDER BY gives them).
    static func summarize(_ rows: [[Value]], schema: Schema, keys: [TypedExpression], values: [TypedExpression],
                          aggregates: [AggregateCall], output: Schema) throws -> [[Value]] {
        var keyFunctions: [([Value]) throws -> Value] = []
        for key in keys { keyFunctions.append(try key.compile(for: schema)) }
        var groupOf: [[Value]: Int] = [:]
        var groupKeys: [[Value]] = []
        var members: [[Int]] = []
        for (i, row) in rows.enumerated() {
            var key: [Value] = []
            key.reserveCapacity(keyFunctions.count)
            for f in keyFunctions { key.append(try f(row)) }
            if let g = groupOf[key] {
                members[g].append(i)
            } else {
                groupOf[key] = groupKeys.count
                groupKeys.append(key)
                members.append([i])
            }
        }
        // Without keys there is one group, even of no rows (as in SQL).
        if keys.isEmpty && groupKeys.isEmpty {
            groupKeys.append([])
            members.append([])
        }
        let evaluator = try AggregateEvaluator(aggregates, schema: schema)
        var valueFunctions: [([Value], [Value]) throws -> Value] = []
        for value in values { valueFunctions.append(try value.compileWithAggregates(for: schema)) }
        var out: [[Value]] = []
        out.reserveCapacity(groupKeys.count)
        for (g, key) in groupKeys.enumerated() {
            let computed = try evaluator.values(over: rows, indices: members[g])
            var row = key
            for f in valueFunctions { row.append(try f([], computed)) }
            out.append(row)
        }
        let order = output.columns.prefix(keys.count).map { SortKey.column($0) }
        return try RowSorter.sort(out, by: order, schema: output)
    }
}
