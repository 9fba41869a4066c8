import Query
import Tabular

/// Stages registered the way the real ones will be, for language tests.
enum TestStages {
    static let daily = StageSpec(
        name: "daily", kind: .source,
        summary: "Per day and area: total production and average, min and max price.",
        arguments: [
            ArgumentSpec("area", .list(.word), default: .list([.word("DK1"), .word("DK2")]), help: "price areas"),
            ArgumentSpec("last", .duration, help: "how far back from the newest data"),
            ArgumentSpec("since", .dateTime, help: "first day"),
            ArgumentSpec("until", .dateTime, help: "day after the last"),
            ArgumentSpec("by", .choice(["day", "week", "month", "area"]), default: .word("day"), help: "grouping"),
            ArgumentSpec("tz", .word, default: .word("Europe/Copenhagen"), help: "time zone of the days"),
        ],
        examples: ["daily area=DK1 last=30d", "daily area=DK1,DK2 since=2024-01-01 | sort date desc | limit 5"],
        acceptsFilters: true,
        columns: ["date", "area", "production_mwh", "avg_price", "min_price", "max_price"])

    static let specs: [StageSpec] = [
        daily,
        StageSpec(name: "tail", kind: .source, summary: "Live records from Kafka.",
                  arguments: [ArgumentSpec("from", .oneOf([.duration, .dateTime]),
                                           default: .duration(DurationLiteral("-10m")!), help: "where to start")],
                  examples: ["tail from=-1h"]),
        StageSpec(name: "raw", kind: .source, summary: "Latest raw records, newest first.",
                  arguments: [ArgumentSpec("dataset", .choice(["elspot", "dayahead", "declaration"]), required: true,
                                           position: 0, help: "which dataset"),
                              ArgumentSpec("limit", .integer, default: .integer(20), help: "how many")],
                  examples: ["raw elspot limit=5"]),
        StageSpec(name: "sql", kind: .source, summary: "A read-only SELECT.",
                  arguments: [ArgumentSpec("query", .text, required: true, position: 0, help: "the SELECT")],
                  examples: ["sql 'select 1 as one'"]),
        StageSpec(name: "decide", kind: .transform, summary: "Adds decision and reason columns from a rules file.",
                  arguments: [ArgumentSpec("rules", .word, default: .word("default"), help: "rules file name")],
                  examples: ["daily area=DK1 last=30d | decide | chart"]),
        StageSpec(name: "where", kind: .transform, summary: "Keeps rows where a condition holds.",
                  arguments: [ArgumentSpec("condition", .expression, required: true, position: 0, help: "the condition")],
                  examples: ["daily | where avg_price > 100 and area = DK1"], takesExpression: true),
        StageSpec(name: "sort", kind: .transform, summary: "Sorts rows by a column.",
                  arguments: [ArgumentSpec("by", .column, required: true, position: 0, help: "the column to sort by"),
                              ArgumentSpec("order", .choice(["asc", "desc"]), default: .word("asc"), position: 1,
                                           help: "ascending or descending")],
                  examples: ["daily | sort avg_price desc"]),
        StageSpec(name: "limit", kind: .transform, summary: "Keeps the first rows.",
                  arguments: [ArgumentSpec("n", .integer, required: true, position: 0, help: "how many rows")],
                  examples: ["daily | limit 10"]),
        StageSpec(name: "select", kind: .transform, summary: "Keeps some columns.",
                  arguments: [ArgumentSpec("columns", .list(.column), required: true, position: 0, help: "the columns")],
                  examples: ["daily | select date area avg_price"]),
        StageSpec(name: "top", kind: .transform, summary: "The N rows with the largest values.",
                  arguments: [ArgumentSpec("n", .integer, required: true, position: 0, help: "how many"),
                              ArgumentSpec("by", .expression, required: true, help: "what to rank by")],
                  examples: ["daily | top 5 by=avg_price", "daily | top 3 by=(max_price - min_price)"]),
        StageSpec(name: "chart", kind: .sink, summary: "Draws a chart.",
                  arguments: [ArgumentSpec("title", .text, help: "a title"),
                              ArgumentSpec("width", .integer, help: "columns to use"),
                              ArgumentSpec("color", .bool, default: .bool(true), help: "use colour")],
                  examples: ["daily | chart title='Prices'"]),
        StageSpec(name: "table", kind: .sink, summary: "Prints a table.", examples: ["daily | table"]),
        StageSpec(name: "csv", kind: .sink, summary: "Prints CSV.", examples: ["daily | csv"]),
    ]

    static let registry: StageRegistry<Void> = {
        var registry = StageRegistry<Void>()
        for spec in specs {
            do { try registry.register(spec, ()) } catch { preconditionFailure("test stage \(spec.name): \(error)") }
        }
        return registry
    }()
}

/// Parses `text` (a script) with the test stages, applies `let`s, binds each
/// pipeline; returns the rendered first error, or "ok".
func firstError(_ text: String, name: String? = nil, environment: Environment = Environment()) -> String {
    let source = SourceText(text, name: name)
    do {
        var env = environment
        let script = try Parser.parse(source, stages: TestStages.registry)
        for statement in script.statements {
            switch statement {
            case .let(let l): try env.apply(l, in: source)
            case .pipeline(let p), .explain(let p, _):
                _ = try Binder(stages: TestStages.registry, environment: env, source: source).bind(p)
            case .dotCommand: break
            }
        }
        return "ok"
    } catch {
        return error.rendered()
    }
}

/// The AST dump of `text` parsed with the test stages, or the rendered error.
func dump(_ text: String, ranges: Bool = false) -> String {
    do {
        return SyntaxDump.dump(try Parser.parse(SourceText(text), stages: TestStages.registry), ranges: ranges)
    } catch {
        return error.rendered()
    }
}

/// Binds the single pipeline in `text`.
func bind(_ text: String, environment: Environment = Environment()) throws -> [BoundStage] {
    let source = SourceText(text)
    let script = try Parser.parse(source, stages: TestStages.registry)
    guard script.statements.count == 1, case .pipeline(let p) = script.statements[0] else {
        throw QueryError(.other, "expected one pipeline", at: source.endRange)
    }
    return try Binder(stages: TestStages.registry, environment: environment, source: source).bind(p)
}
