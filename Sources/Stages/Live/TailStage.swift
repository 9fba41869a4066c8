import EnergiData
import Foundation
import Kafka
import Query
import Tabular

/// `tail TOPICS [from=…] [to=end] [limit=N] [for=DURATION] [area=…]`: the
/// records of Kafka topics as they arrive, decoded and validated as the
/// store's consumer does, with the columns of the store's sources (see
/// `TailSelection`). It reads with a consumer of its own that joins no
/// consumer group and commits nothing: the store's consumer never notices.
///
/// - TOPICS: elspot, dayahead, declaration, balance, settlement, or prices
///   (elspot and dayahead) and production (the other three); a list reads several.
/// - from=end (default) shows only what arrives from now on; from=beginning
///   everything Kafka still holds; from=-10m (or -2h, -1d) what was sent in
///   the last ten minutes and from=2024-10-01T00:00 what was sent since then
///   (read in tz) — both by the messages' timestamps (when the producer sent
///   them), not by the records' own times.
/// - The rows of several topics go out in event-time order as far as what has
///   arrived allows (`EventTimeMerge`), so `window` closes hours and days in order.
/// - It ends after `limit=` rows, when `for=` has passed, with `to=end` once
///   everything that was in the topics when it started is read, or on Ctrl-C.
///   Otherwise it waits for more.
/// - Invalid messages are skipped with a warning (the first at once, the count at the end).
struct TailStage: SourceStage {
    let spec = StageSpec(
        name: "tail", kind: .source,
        summary: "Records from Kafka as they arrive, with the columns of prices/production. Columns: time, area, price, price_dkk (prices), type, production (production), dataset.",
        arguments: [
            ArgumentSpec("topics", .list(.choice(TailSelection.wordList)), required: true, position: 0,
                         help: "what to read: prices (elspot, dayahead), production (declaration, balance, settlement), or those names; several with commas"),
            ArgumentSpec("from", .oneOf([.choice(["end", "beginning"]), .duration, .dateTime]), default: .word("end"),
                         bounds: -3_153_600_000...3_153_600_000,
                         help: "end: only new records (default); beginning: all Kafka holds; -10m, -2h: sent in the last ten minutes, two hours; a date-time: sent since then (in tz)"),
            ArgumentSpec("to", .choice(["end"]),
                         help: "end: stop once everything that was in the topics when the tail started is read (for scripts)"),
            ArgumentSpec("limit", .integer, bounds: 0...1_000_000_000_000, help: "stop after this many rows"),
            ArgumentSpec("for", .duration, bounds: 1...31_536_000, help: "stop after this long, e.g. 30s or 5m"),
            CommonArguments.area,
            CommonArguments.tz,
        ],
        examples: [
            "tail prices from=beginning limit=5",
            "tail elspot,balance from=beginning to=end area=DK2 | where type = OffshoreWindPower or price > 100 | limit 8",
            "tail production from=-10m limit=20 production>100 | select time type production",
            "tail prices from=beginning for=3s | csv",
        ],
        acceptsFilters: true,
        columns: ["time", "area", "price", "price_dkk", "type", "production", "dataset"])

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let selection = TailSelection(words: stage.strings("topics"))
        guard !selection.datasets.isEmpty else {
            throw QueryError(.missingArgument, "tail needs topics: " + TailSelection.wordList.joined(separator: ", "),
                             at: stage.call.nameRange, note: "e.g. tail prices, or tail elspot,balance")
        }
        let start = try Self.start(stage, context: context)
        var limit: Int?
        if let given = stage.integer("limit") {
            guard given >= 1 else {
                throw QueryError(.wrongType, "'limit' needs a number of rows, at least 1", at: stage.range(of: "limit"))
            }
            limit = Int(clamping: given)
        }
        var duration: TimeInterval?
        if let given = stage.duration("for") {
            guard given.seconds > 0 else {
                throw QueryError(.wrongType, "'for' needs a positive duration like 30s or 5m", at: stage.range(of: "for"))
            }
            duration = TimeInterval(given.seconds)
        }
        let keep = try Self.filter(stage, schema: selection.schema, context: context)
        let options = TailReader.Options(selection: selection, start: start.offset,
                                         areas: Set(stage.strings("area").map { $0.uppercased() }),
                                         toEnd: stage.word("to") == "end")
        let name = spec.name
        let description = "Kafka \(selection.datasets.map(\.apiName).joined(separator: ", ")) from \(start.text)"
            + (options.toEnd ? " to the end" : "") + (limit.map { ", \($0) rows" } ?? "")
            + (stage.duration("for").map { ", for \($0.text)" } ?? "")
            + " (a consumer without group: commits nothing)"
        return .rows(RowSource(schema: selection.schema, description: description) { context in
            guard let kafka = context.kafka else {
                throw ExecutionError(.connection, "no Kafka is configured; set KAFKA_BROKERS or run `energiflow broker`")
            }
            let configuration = try kafka.configuration()
            let topics = selection.datasets.map { (topic: kafka.topic(for: $0), dataset: $0) }
            let now = context.now()
            let reader = try TailReader(configuration: configuration, topics: topics, options: options,
                                        warnings: context.warnings, stage: name, now: now)
            return TailStream(schema: selection.schema, reader: reader, keep: keep, limit: limit,
                              deadline: duration.map { now.addingTimeInterval($0) }, context: context)
        })
    }

    /// The stage's `COLUMN op VALUE` arguments (`tail prices price>100`) as
    /// one test of a row, with the meaning they have on the store's sources.
    static func filter(_ stage: BoundStage, schema: Schema, context: ExecutionContext) throws -> (([Value]) throws -> Bool)? {
        guard !stage.filters.isEmpty else { return nil }
        let checker = ExpressionChecker(schema: schema, timeZone: context.timeZone, source: context.statement, stage: stage.name)
        var tests: [([Value]) throws -> Value] = []
        for filter in stage.filters {
            let column = Expression(.identifier(filter.column), range: filter.columnRange)
            let value = StoreConditions.expression(filter.value, at: filter.range)
            let comparison = Expression(.comparison(filter.op, column, value), range: filter.range)
            tests.append(try checker.condition(comparison).compile(for: schema))
        }
        return { row in
            try tests.allSatisfy { test in
                if case .bool(true) = try test(row) { return true }
                return false
            }
        }
    }

    /// `from=` as a Kafka start position, with its text for `explain`.
    static func start(_ stage: BoundStage, context: ExecutionContext) throws -> (offset: KafkaStartOffset, text: String) {
        switch stage["from"] {
        case .word("beginning"):
            return (.beginning, "the beginning")
        case .duration(let back):
            guard back.seconds < 0 else {
                throw QueryError(.wrongType, "from=\(back.text) would be in the future; write from=-\(back.text) for the last \(back.text)",
                                 at: stage.range(of: "from"))
            }
            return (.timestamp(context.now().addingTimeInterval(TimeInterval(back.seconds))), "\(back.text) (message time)")
        case .dateTime(let literal):
            let instant = try SourceArguments.instant(literal, stage: stage, argument: "from", in: context.timeZone)
            return (.timestamp(instant), "\(literal.text) (message time)")
        default:
            return (.end, "the end (new records only)")
        }
    }
}
