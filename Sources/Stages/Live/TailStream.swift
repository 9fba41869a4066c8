import Foundation
import Tabular

/// The rows of a `tail`, as they arrive. Ends at `limit=` rows, when `for=`
/// has passed (by the context's clock), with `to=end` once caught up, or
/// with Ctrl-C (the cancelled error); otherwise never. Kafka is polled in
/// slices of at most 0.1 s, so cancellation and `for=` take effect promptly.
final class TailStream: RowStream, QuietReporting {
    let schema: Schema
    let isLive = true
    private let reader: TailReader
    private let keep: (([Value]) throws -> Bool)?
    private let limit: Int?
    private let deadline: Date?
    private let now: @Sendable () -> Date
    private let token: CancellationToken
    private var emitted = 0
    private var finished = false

    /// How long one poll of Kafka may wait.
    static let slice: TimeInterval = 0.1

    /// - Parameter keep: the stage's filters (`price>100`); rows it rejects do not count toward `limit`.
    init(schema: Schema, reader: TailReader, keep: (([Value]) throws -> Bool)?, limit: Int?, deadline: Date?,
         context: ExecutionContext) {
        self.schema = schema
        self.reader = reader
        self.keep = keep
        self.limit = limit
        self.deadline = deadline
        self.now = context.now
        self.token = context.cancellation
    }

    func next() throws -> [Value]? {
        while true {
            switch try next(patience: .infinity) {
            case .row(let row): return row
            case .end: return nil
            case .quiet: continue
            }
        }
    }

    func next(patience: Double) throws -> LiveRead {
        guard !finished else { return .end }
        let started = Date()
        while true {
            if let limit, emitted >= limit { return finish() }
            try token.check()
            let time = now()
            if let deadline, time >= deadline { return finish() }
            if let row = reader.nextRow(now: Date()) {
                if let keep, try !keep(row) { continue }
                emitted += 1
                return .row(row)
            }
            if reader.isCaughtUp { return finish() }
            let waited = Date().timeIntervalSince(started)
            if waited >= patience { return .quiet }
            var wait = min(Self.slice, patience - waited)
            if let deadline { wait = min(wait, deadline.timeIntervalSince(time)) }
            try reader.poll(timeout: max(0, wait), now: { Date() })
        }
    }

    private func finish() -> LiveRead {
        finished = true
        return .end
    }

    func close() {
        finished = true
        reader.close()
    }
}
