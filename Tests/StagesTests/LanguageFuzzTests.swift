import Basics
import Foundation
import Query
import Rules
import Stages
import Tabular
import TestSupport
import Testing

/// The language under fire: generated and mutated statements (every stage's
/// and function's examples, the new stages, deep nesting, long chains, huge
/// numbers) through the parser, binder and planner of the real stages, and
/// a third of them run in memory over rows made here; mutated rules files
/// checked and applied to rows with computed columns. Seeded, so a failure
/// reproduces (`LANGUAGE_FUZZ_SEED`, `LANGUAGE_FUZZ_COUNT`).
///
/// Nothing may crash; no input may take long (each is timed, and a watchdog
/// stops the run naming an input that hangs); every error must have a
/// position inside its input.
@Suite(.serialized) struct LanguageFuzzTests {
    static let executor: Executor = {
        var registry = (try? BuiltinStages.makeRegistry()) ?? StageRegistry()
        try? registry.register(FuzzRowsStage())
        return Executor(registry: registry)
    }()

    /// Pipelines over the in-memory `rows` source: everything after the
    /// first `|` of every example, and the new stages' shapes.
    static let rowPipelines: [String] = {
        let examples = BuiltinStages.registry.allSpecs.flatMap(\.examples) + FunctionTable.visible.flatMap(\.examples)
        var out: [String] = []
        for example in examples where !example.hasPrefix("tail ") && !example.hasPrefix("sql ") {
            guard let bar = example.firstIndex(of: "|") else { continue }
            out.append("rows" + example[bar...])
        }
        out += [
            "rows | extend x = round(price * 1.5, 1), h = hour(time), w = weekday(day) | where h >= 17 and not (w > 5) | top 3 by=x",
            "rows | summarize avg(price), p(75, price), corr(price, production), count(production) by area, bin(time, 1d) | sort avg_price desc",
            "rows | select area, type, production | pivot type production | where Wind > Solar or Wind = null",
            "rows | join (rows | summarize avg(price) as mean by area) on area kind=left | extend above = price > mean",
            "rows | where area = DK1,DK2 and (price < 0 or production > 100) | select time, price as p, coalesce(production, 0) as q",
            "rows | extend band = if(price < 40, 'low', if(price < 80, 'mid', 'high')) | summarize count() by band | chart x=band",
            "rows | summarize avg(price) as price by hour(time) | chart x=hour width=40 height=10 style=ascii",
            "rows | decide | summarize count() by decision",
            "let a = DK1\nrows | where area = $a | extend y = year(time), m = month(day), k = week(time) | csv",
            "rows | top 2 by=\"price\" | select \"area\", `price` | json",
            "let y = 2024\nlet n = 2\nrows | where time >= $y-01-01T00:00 and price > $n-1 | top $n by=price",
        ]
        return out
    }()

    /// Store pipelines, planned only (no database here).
    static let storePipelines: [String] = BuiltinStages.registry.allSpecs.flatMap(\.examples).filter { !$0.hasPrefix("tail ") }
        + ["prices since=2024-01-01 until=2025-01-01 price<0 intervals>5 by=area", "explain daily by=month price>100 | pivot area price"]

    static let fragments: [String] = [
        "|", ";", "\n", "=", "!=", "<", ">=", "(", ")", ",", "'", "\"", "`", "$", "#", "-", "+", "*", "/", "and", "or",
        "not", " as ", " by ", "extend", "summarize", "pivot", "join (rows)", "on area", "select", "where", "avg(", "p(99,",
        "bin(time, 1mo)", "bin(day, 15m)", "hour(", "round(price, 99)", "corr(", "if(", "coalesce(", "count()", "1e999",
        "9223372036854775807", "-9223372036854775808", "1mo", "15m", "2024-02-30", "width=2147483648", "height=99999",
        "limit 9223372036854775807", "last=1y", "$y-", "$y-12-31T12:00", "$a-$b", "=$y.", "\u{0}", "😀", "\u{301}", "\u{2028}", "((((", "))))", "not not not",
    ]

    static let timing = Watchdog()

    @Test func generatedAndMutatedPipelinesNeverCrashHangOrLoseTheirPosition() {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["LANGUAGE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x16_15_2024
        let count = environment["LANGUAGE_FUZZ_COUNT"].flatMap { Int($0) } ?? 24_000
        var rng = SplitMix64(state: seed)
        var stats = Stats()
        var problems: [String] = []
        let seeds = Self.rowPipelines + Self.storePipelines
        for i in 0..<count {
            let input: String
            switch i % 8 {
            case 0, 1, 2: input = Self.mutate(seeds[i % seeds.count], &rng)
            case 3, 4: input = Self.swapTokens(seeds[i % seeds.count], &rng)
            case 5: input = Self.deep(&rng)
            case 6: input = seeds[i % seeds.count]
            default: input = Self.random(&rng)
            }
            if let problem = Self.check(input, run: i % 3 == 0, stats: &stats) {
                problems.append(problem + " for input " + input.debugDescription)
                if problems.count >= 5 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(stats.errors > count / 5, "errors: \(stats.errors)")
        #expect(stats.planned > count / 5, "planned: \(stats.planned)")
        #expect(stats.ran > count / 30, "ran: \(stats.ran)")
        #expect(stats.slowest < 2, "the slowest input took \(stats.slowest) s")
    }

    @Test func mutatedRulesFilesOverComputedColumns() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["LANGUAGE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x16_15_2024
        let count = (environment["LANGUAGE_FUZZ_COUNT"].flatMap { Int($0) } ?? 24_000) / 4
        var rng = SplitMix64(state: seed ^ 0xA5A5)
        let input = FuzzRowsStage.rowSet(extended: true)
        let seeds = [
            "BUY when price < avg(price) and production > median(production) \"{round(price, 1)} < {avg(price)}\"\nSELL otherwise",
            "statistics per area\nPEAK when hour(time) >= 17 and spread > p(90, spread) 'peak {spread}'\nOFF when weekday(day) > 5\nMID otherwise",
            "alias cost = price\nstatistics over all rows\nX when corr(price, production) < 0 and cost > stddev(cost) * 2\nY when if(price > 0, price, 0) > 10\nZ otherwise",
            "A when not (area = DK1,DK2) or coalesce(production, 0) = 0 \"{count()} rows\"\nB when bin(time, 1d) = day(time) or time >= 2024-06-01\nC otherwise",
        ]
        var problems: [String] = []
        var applied = 0
        for i in 0..<count {
            let text = i % 5 == 0 ? seeds[i % seeds.count] : Self.mutate(seeds[i % seeds.count], &rng)
            Self.timing.start(text)
            let started = Date()
            do {
                let rules = try RuleSet.parse(text, name: "fuzz.rules")
                let decided = try rules.apply(to: input, aliases: RuleSet.commonAliases)
                if decided.count == input.count { applied += 1 } else { problems.append("lost rows for \(text.debugDescription)") }
            } catch {
                if let position = Self.positionProblem(error, in: SourceText(text, name: "fuzz.rules")) {
                    problems.append(position + " for rules " + text.debugDescription)
                }
            }
            Self.timing.stop()
            if Date().timeIntervalSince(started) > 2 { problems.append("slow rules \(text.debugDescription)") }
            if problems.count >= 5 { break }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(applied > count / 10, "applied: \(applied)")
    }

    /// Every input that crashed or hung the process in the hostile-input probe
    /// (issue 15), kept: each is now an error naming its limit.
    static let probeInputs: [(String, String)] = [
        ("daily area=DK1 | where " + String(repeating: "(", count: 900) + "price > 1" + String(repeating: ")", count: 900),
         "nests more than 64 levels"),
        ("daily area=DK1 | where " + (0..<2000).map { "price > \($0)" }.joined(separator: " and "), "no error"),
        ("daily area=DK1 | where " + String(repeating: "not ", count: 3000) + "price > 1", "nests more than 64 levels"),
        ("let x = " + String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000), "nests more than 64 levels"),
        ("daily | where " + (0..<12_000).map { _ in "price" }.joined(separator: " + ") + " > 1", "more than 10000 parts"),
        ("daily | chart height=9223372036854775807", "'height' must be from 6 to 500"),
        ("daily | bar width=9223372036854775807", "'width' must be from 20 to 1000"),
        ("daily | chart width=2147483648", "'width' must be from 20 to 1000"),
        ("daily | chart width=100000000", "'width' must be from 20 to 1000"),
        ("daily | bar width=2147483648", "'width' must be from 20 to 1000"),
    ]

    @Test func theProbesCrashingInputsAreErrors() throws {
        for (input, expected) in Self.probeInputs {
            let source = SourceText(input)
            var stats = Stats()
            #expect(Self.check(input, run: false, stats: &stats) == nil, "\(input.prefix(60))")
            let message: String
            do {
                let script = try Parser.parse(source, stages: Self.executor.registry)
                if case .pipeline(let p)? = script.statements.first {
                    let bound = try Binder(stages: Self.executor.registry, source: source).bind(p)
                    _ = try Self.executor.plan(bound, source: source, context: ExecutionContext())
                }
                message = "no error"
            } catch let error as QueryError {
                message = error.message
            } catch let error as ExecutionError {
                message = error.message
            } catch {
                message = "\(error)"
            }
            #expect(message.contains(expected), "\(input.prefix(60)): \(message)")
        }
        // The same limits hold in rules files.
        let deep = "BUY when " + String(repeating: "(", count: 900) + "price > 1" + String(repeating: ")", count: 900)
        #expect(throws: QueryError.self) { try RuleSet.parse(deep) }
        let nots = "BUY when " + String(repeating: "not ", count: 3000) + "price > 1"
        #expect(throws: QueryError.self) { try RuleSet.parse(nots) }
        let ands = try RuleSet.parse("BUY when " + (0..<2000).map { "price > \($0)" }.joined(separator: " and ") + "\nNO otherwise")
        #expect(try ands.apply(to: FuzzRowsStage.rowSet(extended: false)).count == FuzzRowsStage.rowSet(extended: false).count)
    }

    // MARK: Checking one input

    struct Stats {
        var errors = 0, planned = 0, ran = 0
        var slowest = 0.0
    }

    /// nil when the input behaved: it ran, or failed with an error that has a position in it.
    static func check(_ input: String, run: Bool, stats: inout Stats) -> String? {
        let source = SourceText(input)
        let output = TextOutput()
        let context = ExecutionContext(output: output)
        var environment = Environment()
        timing.start(input)
        defer { timing.stop() }
        let started = Date()
        defer { stats.slowest = max(stats.slowest, Date().timeIntervalSince(started)) }
        do {
            let script = try Parser.parse(source, stages: executor.registry)
            for statement in script.statements {
                switch statement {
                case .let(let definition):
                    try environment.apply(definition, in: source)
                case .pipeline(let pipeline), .explain(let pipeline, _):
                    let bound = try Binder(stages: executor.registry, environment: environment, source: source).bind(pipeline)
                    let plan = try executor.plan(bound, source: source, context: context)
                    stats.planned += 1
                    // Only what reads no database runs: the rows made here.
                    if run, plan.query == nil, !Self.readsTheStore(bound) {
                        try executor.run(bound, source: source, context: context)
                        stats.ran += 1
                    }
                case .dotCommand:
                    break
                }
            }
            return nil
        } catch {
            stats.errors += 1
            return positionProblem(error, in: source)
        }
    }

    /// Whether any stage (a join's pipeline included) reads the store.
    static func readsTheStore(_ stages: [BoundStage]) -> Bool {
        stages.contains { stage in
            (stage.kind == .source && stage.name != FuzzRowsStage.name) || readsTheStore(stage.subPipeline ?? [])
        }
    }

    /// A problem with an error: no position, or one outside its text.
    static func positionProblem(_ error: any Error, in source: SourceText) -> String? {
        let query: QueryError
        switch error {
        case let e as QueryError: query = e
        case let e as ExecutionError:
            guard let q = e.query else {
                return e.code == .connection ? nil : "an error without a position (\(e.code)): \(e.message)"
            }
            query = q
        default:
            return "an unexpected error \(type(of: error)): \(error)"
        }
        guard let text = query.source else { return "an error without its text: \(query.message)" }
        guard query.range.start.offset >= 0, query.range.end.offset <= text.count,
              query.range.start.offset <= query.range.end.offset else {
            return "a position outside the text: \(query.range) of \(text.count) characters"
        }
        let rendered = query.rendered()
        guard rendered.hasPrefix("error: "), rendered.contains("^") else { return "no caret: \(rendered)" }
        return nil
    }

    // MARK: Inputs

    static func mutate(_ seed: String, _ rng: inout SplitMix64) -> String {
        var chars = Array(seed)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0...chars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !chars.isEmpty:
                let end = min(chars.count, at + Int.random(in: 1...5, using: &rng))
                chars.removeSubrange(min(at, chars.count - 1)..<end)
            case 1, 2:
                chars.insert(contentsOf: Array(fragments.randomElement(using: &rng) ?? ""), at: at)
            case 3 where !chars.isEmpty:
                let from = Int.random(in: 0..<chars.count, using: &rng)
                chars.insert(contentsOf: chars[from..<min(chars.count, from + Int.random(in: 1...12, using: &rng))], at: at)
            default:
                chars = Array(chars.prefix(at))
            }
        }
        return String(chars)
    }

    /// Swaps whole words between seeds: parseable input with wrong names, types and places.
    static func swapTokens(_ seed: String, _ rng: inout SplitMix64) -> String {
        var words = seed.split(separator: " ").map(String.init)
        let pool = (rowPipelines + storePipelines).flatMap { $0.split(separator: " ").map(String.init) }
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !words.isEmpty {
            words[Int.random(in: 0..<words.count, using: &rng)] = pool.randomElement(using: &rng) ?? "x"
        }
        return words.joined(separator: " ")
    }

    /// Deep or long expressions, often beyond the limits.
    static func deep(_ rng: inout SplitMix64) -> String {
        let n = [10, 63, 64, 65, 200, 900, 3000].randomElement(using: &rng) ?? 10
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return "rows | where " + String(repeating: "(", count: n) + "price > 1" + String(repeating: ")", count: n)
        case 1: return "rows | where " + String(repeating: "not ", count: n) + "price > 1"
        case 2: return "rows | where " + (0..<n).map { "price > \($0)" }.joined(separator: Bool.random(using: &rng) ? " and " : " or ")
        case 3: return "rows | extend x = " + (0..<n).map { _ in "price" }.joined(separator: " * ")
        default: return "rows | extend x = " + String(repeating: "abs(", count: n) + "price" + String(repeating: ")", count: n)
        }
    }

    static func random(_ rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...25, using: &rng)).map { _ in fragments.randomElement(using: &rng) ?? "" }.joined()
    }
}

/// Stops the test process, naming the input, when one takes far too long:
/// a hang fails the run with the input that caused it instead of stalling it.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (input: String, since: Date)?
    static let limit: TimeInterval = 60

    init() {
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                guard let self else { return }
                self.lock.lock()
                let running = self.current
                self.lock.unlock()
                if let running, Date().timeIntervalSince(running.since) > Watchdog.limit {
                    fatalError("fuzz input ran past \(Watchdog.limit) s: \(running.input.prefix(500).debugDescription)")
                }
            }
        }
        thread.start()
    }

    func start(_ input: String) {
        lock.lock()
        current = (input, Date())
        lock.unlock()
    }

    func stop() {
        lock.lock()
        current = nil
        lock.unlock()
    }
}

/// `rows`: a few days of made-up hourly rows in two areas with every kind
/// of column the stages use (time, day, area, type, price with its minutes,
/// production), some missing, without PostgreSQL.
struct FuzzRowsStage: SourceStage {
    static let name = "rows"
    let spec = StageSpec(name: FuzzRowsStage.name, kind: .source, summary: "Made-up rows for the fuzz test.",
                         examples: ["rows | limit 2", "rows | where price > 50"])

    static func rowSet(extended: Bool) -> RowSet {
        var price = Column("price", .double, unit: "EUR/MWh", weight: .column("minutes"))
        if !extended { price.weight = nil }
        var columns = [Column("time", .time), Column("day", .day), Column("area", .text), Column("type", .text), price,
                       Column("minutes", .int, unit: "min"), Column("production", .double, unit: "MWh")]
        if extended { columns.append(Column("spread", .double, unit: "EUR/MWh")) }
        var rows: [[Value]] = []
        let start = Date(timeIntervalSince1970: 1_717_192_800)  // 2024-06-01T00:00+02:00
        for hour in 0..<48 {
            for (a, area) in ["DK1", "DK2"].enumerated() {
                let time = start.addingTimeInterval(Double(hour) * 3600)
                let p = Double((hour * 37 + a * 11) % 150) - 20
                var row: [Value] = [.time(time), .day(Day(containing: time, in: .copenhagen)), .text(area),
                                    .text(hour % 2 == 0 ? "Wind" : "Solar"), hour % 13 == 5 ? .null : .double(p),
                                    .int(hour % 7 == 0 ? 15 : 60), hour % 11 == 3 ? .null : .double(Double(hour * 9 % 400))]
                if extended { row.append(.double(Double(hour % 17))) }
                rows.append(row)
            }
        }
        return RowSet(columns: columns, rows: rows)
    }

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let set = Self.rowSet(extended: false)
        return .rows(RowSource(schema: set.schema, description: "made-up rows") { _ in
            ArrayRowStream(schema: set.schema, rows: set.rows)
        })
    }
}
