import Foundation
import Query
import Tabular

/// `join ( PIPELINE ) on COL[, COL …] [kind=inner|left]`: puts the rows of
/// another pipeline beside these, where the `on` columns are equal (a
/// missing value matches nothing, as in SQL). `kind=inner` (the default)
/// keeps only rows with a match; `kind=left` keeps every row of this side,
/// with nulls where the other has none.
///
/// Columns: this side's, then the other side's except the `on` columns. A
/// column of the other side whose name this side already has gets the other
/// pipeline's source name as a suffix (`area` from `daily` becomes
/// `area_daily`; a number is added if that is taken too), so nothing is
/// dropped. Rows come in this side's order, then the other's.
///
/// When both pipelines run in PostgreSQL, the join is part of the one
/// statement; otherwise the other pipeline's rows are read into memory and
/// matched there.
struct JoinStage: TransformStage {
    let spec: StageSpec = {
        var spec = StageSpec(
        name: "join", kind: .transform,
        summary: "Joins another pipeline's rows: join ( PIPELINE ) on COL[, COL …] [kind=inner|left].",
        arguments: [
            ArgumentSpec("on", .list(.column), required: true,
                         help: "the columns both sides share that must be equal (written after the pipeline: on day, area)"),
            ArgumentSpec("kind", .choice(["inner", "left"]), default: .word("inner"),
                         help: "inner keeps rows with a match; left keeps every row of this side"),
        ],
        examples: [
            "production area=DK2 since=2024-09-01 until=2024-10-01 by=day,type | pivot type production | join (daily area=DK2) on day | extend wind = (OnshoreWindPower + OffshoreWindPower) / production",
            "daily area=DK1 since=2024-06-01 until=2024-07-01 | join (daily area=DE since=2024-06-01 until=2024-07-01) on day | where price_daily - price > 20",
            "hourly area=DK2 since=2024-08-27 until=2024-09-01 | join (production area=DK2 since=2024-08-27 until=2024-09-01 by=hour type=OnshoreWindPower) on time kind=left",
        ],
        syntax: .subPipeline)
        spec.notes = [
            "A column of the pipeline in parentheses whose name this side already has (besides the on columns) gets that pipeline's source name as a suffix: area from daily becomes area_daily (area_daily2 if that is taken too). Nothing is dropped.",
            "Rows come in this side's order, then the other's. A missing on value matches nothing, as in SQL.",
        ]
        return spec
    }()

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let sub = stage.subPipeline, let registry = context.registry else {
            throw QueryError(.missingArgument, "join needs a pipeline in parentheses", at: stage.call.nameRange)
        }
        let planner = Planner(registry: registry)
        let right = try planner.plan(sub, context: context, sink: false)
        let on = stage.strings("on")
        let isLeft = stage.word("kind") == "left"
        let source = context.statement
        var seen = Set<String>()
        for name in on where !seen.insert(name).inserted {
            throw QueryError(.duplicateArgument, "'\(name)' is given twice in on=", at: stage.range(of: "on"), in: source)
        }
        for name in on where input.index(of: name) == nil {
            throw QueryError.unknownColumn(name, among: input.names, near: stage.range(of: "on"), in: source)
        }
        let sourceName = sub.first?.name ?? "right"
        // With the other side's columns known now, check and name them now.
        var output: Schema?
        var renames: [String: String] = [:]
        if let rightSchema = right.outputSchema {
            renames = try Self.names(left: input, right: rightSchema, on: on, sourceName: sourceName, stage: stage,
                                     source: source)
            output = Self.output(left: input, right: rightSchema, on: on, renames: renames)
        }
        let finalRenames = renames
        return PreparedTransform(
            output: output, isBlocking: false,
            pushDown: { query in
                guard right.isWhollyPushed, var other = right.query else { return false }
                // The other side's checks (a pivot's columns) hold for the whole statement.
                for check in other.checks { query.check(check) }
                other.checks = []
                query.join(other, on: on.map { ($0, $0) }, left: isLeft, rename: finalRenames)
                return true
            },
            apply: { rows, context in
                let executor = Executor(registry: registry)
                let statement = context.statement ?? SourceText("")
                let other = try executor.collect(sub, source: statement, context: context.forRun(context.cancellation))
                let renames = try Self.names(left: rows.schema, right: other.schema, on: on, sourceName: sourceName,
                                             stage: stage, source: context.statement)
                return try Self.join(rows, other, on: on, left: isLeft, renames: renames, stage: stage,
                                     source: context.statement)
            })
    }

    /// The other side's column names: `on` columns checked, clashes renamed.
    static func names(left: Schema, right: Schema, on: [String], sourceName: String, stage: BoundStage,
                      source: SourceText?) throws(QueryError) -> [String: String] {
        for name in on {
            guard let r = right.column(named: name) else {
                throw QueryError(.unknownColumn, "the pipeline in parentheses has no column '\(name)' to join on",
                                 at: stage.range(of: "on"), in: source,
                                 note: "its columns are " + right.names.joined(separator: ", "))
            }
            if let l = left.column(named: name), l.type != r.type,
               !(ExpressionChecker.isNumber(l.type) && ExpressionChecker.isNumber(r.type)) {
                throw QueryError(.wrongType, "cannot join on '\(name)': it is \(ExpressionChecker.describe(l.type)) here and \(ExpressionChecker.describe(r.type)) in the pipeline in parentheses",
                                 at: stage.range(of: "on"), in: source,
                                 note: l.type == .time || r.type == .time ? "make both days first, e.g. extend day = day(time)" : nil)
            }
        }
        var taken = Set(left.names)
        var renames: [String: String] = [:]
        for c in right.columns where !on.contains(c.name) {
            var name = c.name
            if taken.contains(name) {
                name = c.name + "_" + sourceName
                var n = 2
                while taken.contains(name) {
                    name = c.name + "_" + sourceName + String(n)
                    n += 1
                }
                renames[c.name] = name
            }
            taken.insert(name)
        }
        return renames
    }

    static func output(left: Schema, right: Schema, on: [String], renames: [String: String]) -> Schema {
        var columns = left.columns
        for c in right.columns where !on.contains(c.name) {
            var renamed = c
            renamed.name = renames[c.name] ?? c.name
            switch c.weight {
            case .column(let w)?: renamed.weight = .column(renames[w] ?? w)
            case .danishDayHours(let w)?: renamed.weight = .danishDayHours(renames[w] ?? w)
            case nil: break
            }
            columns.append(renamed)
        }
        return Schema(columns)
    }

    /// The join in memory: the other side's rows by their `on` values, this
    /// side's rows streamed in order, each with its matches in their order.
    static func join(_ rows: any RowStream, _ other: RowSet, on: [String], left isLeft: Bool,
                     renames: [String: String], stage: BoundStage, source: SourceText?) throws -> any RowStream {
        let schema = output(left: rows.schema, right: other.schema, on: on, renames: renames)
        let leftKeys = on.compactMap(rows.schema.index(of:))
        let rightKeys = on.compactMap(other.schema.index(of:))
        let kept = other.schema.columns.indices.filter { !on.contains(other.schema.columns[$0].name) }
        func key(_ row: [Value], _ indexes: [Int]) -> [Value]? {
            var out: [Value] = []
            for i in indexes {
                let v = i < row.count ? row[i] : .null
                if v.isNull { return nil }
                // 1 and 1.0 are the same key, as in SQL.
                if case .int(let n) = v { out.append(.double(Double(n))) } else { out.append(v) }
            }
            return out
        }
        var matches: [[Value]: [[Value]]] = [:]
        for row in other.rows {
            guard let k = key(row, rightKeys) else { continue }
            matches[k, default: []].append(kept.map { $0 < row.count ? row[$0] : .null })
        }
        let width = rows.schema.columns.count
        let nulls = [Value](repeating: .null, count: kept.count)
        var pending: [[Value]] = []
        return MappedRowStream(schema: schema, input: rows) { input in
            while pending.isEmpty {
                guard var row = try input.next() else { return nil }
                while row.count < width { row.append(.null) }
                if let k = key(row, leftKeys), let found = matches[k] {
                    pending = found.reversed().map { row + $0 }
                } else if isLeft {
                    pending = [row + nulls]
                }
            }
            return pending.removeLast()
        }
    }
}
