import Foundation
import Query
import Stages
import Tabular

/// Stages that exist only in the tests, registered next to the built-ins.
enum TestOnlyStages {
    /// The built-ins plus the stages below.
    static func executor(probe: Probe = Probe()) throws -> Executor {
        var registry = try BuiltinStages.makeRegistry()
        try registry.register(PassThroughStage())
        try registry.register(PerKWhStage())
        try registry.register(NumbersStage(probe: probe))
        try registry.register(MysteryStage())
        return Executor(registry: registry)
    }
}

/// `passthrough`: rows unchanged, never pushed into SQL (like a plugin would be).
struct PassThroughStage: TransformStage {
    let spec = StageSpec(name: "passthrough", kind: .transform, summary: "Rows unchanged, in memory.",
                         examples: ["daily | passthrough", "prices | passthrough"])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        PreparedTransform(output: input) { rows, _ in rows }
    }
}

/// `perkwh`: adds `price_kwh` = price / 1000 (EUR/kWh), computed in memory.
struct PerKWhStage: TransformStage {
    let spec = StageSpec(name: "perkwh", kind: .transform, summary: "Adds price_kwh.",
                         examples: ["daily | perkwh", "hourly | perkwh"])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        guard let index = input.index(of: "price") else {
            throw QueryError(.unknownColumn, "perkwh needs a price column", at: stage.call.nameRange)
        }
        let output = Schema(input.columns + [Column("price_kwh", .double, unit: "EUR/kWh")])
        return PreparedTransform(output: output) { rows, _ in
            MappedRowStream(schema: output, input: rows) { input in
                guard let row = try input.next() else { return nil }
                return row + [row[index].number.map { .double($0 / 1000) } ?? .null]
            }
        }
    }
}

/// What `numbers` did: rows pulled and whether it was closed.
final class Probe: @unchecked Sendable {
    private let lock = NSLock()
    private var pulledCount = 0
    private var closedFlag = false

    func pull() { lock.lock(); pulledCount += 1; lock.unlock() }
    func close() { lock.lock(); closedFlag = true; lock.unlock() }
    var pulled: Int { lock.lock(); defer { lock.unlock() }; return pulledCount }
    var closed: Bool { lock.lock(); defer { lock.unlock() }; return closedFlag }
}

/// `numbers [count=N] [live=true]`: rows n = 1, 2, 3, … without PostgreSQL, like a
/// live tail (count=0 never ends; live=true makes sinks stream).
struct NumbersStage: SourceStage {
    let probe: Probe
    let spec = StageSpec(
        name: "numbers", kind: .source, summary: "Counts up.",
        arguments: [ArgumentSpec("count", .integer, default: .integer(3), help: "how many; 0 for no end"),
                    ArgumentSpec("live", .bool, default: .bool(false), help: "rows arrive live")],
        examples: ["numbers", "numbers count=5 | where n > 2"])

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let count = stage.integer("count") ?? 3
        let live = stage.bool("live") ?? false
        let probe = self.probe
        let schema = Schema([Column("n", .int), Column("half", .double)])
        return .rows(RowSource(schema: schema, description: "numbers") { _ in
            NumberStream(schema: schema, count: count, live: live, probe: probe)
        })
    }
}

final class NumberStream: RowStream {
    let schema: Schema
    let count: Int64
    let isLive: Bool
    let probe: Probe
    private var n: Int64 = 0

    init(schema: Schema, count: Int64, live: Bool, probe: Probe) {
        self.schema = schema
        self.count = count
        self.isLive = live
        self.probe = probe
    }

    func next() throws -> [Value]? {
        guard count == 0 || n < count else { return nil }
        n += 1
        probe.pull()
        return [.int(n), .double(Double(n) / 2)]
    }

    func close() { probe.close() }
}

/// `mystery`: like an external plugin, its columns are known only when it
/// runs; it adds `extra` = 1.
struct MysteryStage: TransformStage {
    let spec = StageSpec(name: "mystery", kind: .transform, summary: "Adds a column it announces only at run time.",
                         examples: ["daily | mystery", "total | mystery"])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        PreparedTransform(output: nil) { rows, _ in
            let output = Schema(rows.schema.columns + [Column("extra", .int)])
            return MappedRowStream(schema: output, input: rows) { input in
                try input.next().map { $0 + [.int(1)] }
            }
        }
    }
}
