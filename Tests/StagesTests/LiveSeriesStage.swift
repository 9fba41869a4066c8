import Foundation
import Query
import Stages
import Tabular

/// A clock the tests move: live pictures read it to pace their redraws.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)

    var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// `series [count=N] [repeat=true]`: live rows like a tail would give, without
/// Kafka: hour i of 2024-10-01 (UTC) in DK2 with a made-up price and
/// production, the clock 0.1 s later for every row. `repeat=true` sends each
/// hour twice, first a partial value (as a live window re-emits its open
/// window), then the final one.
struct LiveSeriesStage: SourceStage {
    let clock: TestClock
    let spec = StageSpec(
        name: "series", kind: .source, summary: "Live made-up rows.",
        arguments: [ArgumentSpec("count", .integer, default: .integer(40), help: "hours"),
                    ArgumentSpec("repeat", .bool, default: .bool(false), help: "each hour partial, then final")],
        examples: ["series", "series count=3"])

    static let schema = Schema([Column("time", .time), Column("area", .text), Column("price", .double, unit: "EUR/MWh"),
                                Column("production", .double, unit: "MWh")])

    /// The final row of hour `i`.
    static func row(_ i: Int) -> [Value] {
        [.time(Date(timeIntervalSince1970: 1_727_740_800 + Double(i) * 3600)), .text("DK2"),
         .double(50 + 40 * sin(Double(i) / 5)), .double(1000 + 10 * Double(i))]
    }

    static func partial(_ i: Int) -> [Value] {
        var row = row(i)
        row[2] = .double(-30)
        return row
    }

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let count = Int(stage.integer("count") ?? 40)
        let repeating = stage.bool("repeat") ?? false
        let rows = (0..<count).flatMap { repeating ? [Self.partial($0), Self.row($0)] : [Self.row($0)] }
        let clock = self.clock
        return .rows(RowSource(schema: Self.schema, description: "live made-up rows") { _ in
            LiveRows(rows: rows, clock: clock)
        })
    }

    /// The built-ins plus `series`, and a context whose clock is `clock`.
    static func executor(clock: TestClock) throws -> Executor {
        var registry = try BuiltinStages.makeRegistry()
        try registry.register(LiveSeriesStage(clock: clock))
        return Executor(registry: registry)
    }
}

final class LiveRows: RowStream {
    let schema = LiveSeriesStage.schema
    let isLive = true
    private let rows: [[Value]]
    private let clock: TestClock
    private var index = 0

    init(rows: [[Value]], clock: TestClock) {
        self.rows = rows
        self.clock = clock
    }

    func next() throws -> [Value]? {
        guard index < rows.count else { return nil }
        defer { index += 1 }
        clock.advance(0.1)
        return rows[index]
    }

    func close() {}
}
