import Foundation

/// Batches waiting for a writer lane, numbered in the order they were
/// submitted. Invariants (tested in BatchQueueTests):
/// - at most `depth` items wait (at least one); `submit` blocks beyond, so
///   memory stays bounded whatever the backlog; with `depth` 0, `submit`
///   returns only once a lane took the item;
/// - lanes take items in submission order, each item exactly once;
/// - after `fail`, nothing more is handed out, the waiting items are
///   dropped (their messages are read again from the stored offsets next
///   time), and `submit` and `finish` throw the first failure;
/// - `finish` returns once every lane has exited: after the queue ran
///   empty, or after a failure.
final class BatchQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private let depth: Int
    private let handOver: Bool
    private var waiting: [(sequence: Int, item: Item)] = []
    private var submitted = 0
    private var busy = 0
    private var running: Int
    private var finishing = false
    private var failed: Error?

    init(depth: Int, lanes: Int) {
        self.depth = max(1, depth)
        self.handOver = depth == 0
        self.running = max(1, lanes)
    }

    /// Queues `item`; returns its number. Waits while the queue is full.
    @discardableResult
    func submit(_ item: Item) throws -> Int {
        try condition.withLock {
            while failed == nil && waiting.count >= depth { condition.wait() }
            if let failed { throw failed }
            let sequence = submitted
            waiting.append((sequence, item))
            submitted += 1
            condition.broadcast()
            if handOver {
                while failed == nil && waiting.contains(where: { $0.sequence == sequence }) { condition.wait() }
            }
            return sequence
        }
    }

    /// The next item for a lane; nil when the lane should exit (finishing
    /// and nothing left, or failed). Call `done` when it is written.
    func next() -> (sequence: Int, item: Item)? {
        condition.withLock {
            while waiting.isEmpty && !finishing && failed == nil { condition.wait() }
            guard failed == nil, !waiting.isEmpty else { return nil }
            busy += 1
            condition.broadcast()
            return waiting.removeFirst()
        }
    }

    /// A lane finished the item it took.
    func done() {
        condition.withLock {
            busy -= 1
            condition.broadcast()
        }
    }

    /// A lane failed: the first failure is kept, waiting items are dropped.
    func fail(_ error: Error, wasBusy: Bool) {
        condition.withLock {
            if failed == nil { failed = error }
            if wasBusy { busy -= 1 }
            waiting.removeAll()
            condition.broadcast()
        }
    }

    var failure: Error? { condition.withLock { failed } }

    /// Nothing waiting and nothing being written.
    var isIdle: Bool { condition.withLock { waiting.isEmpty && busy == 0 } }

    /// A lane exited.
    func laneExited() {
        condition.withLock {
            running -= 1
            condition.broadcast()
        }
    }

    /// Lets the lanes write what waits and exit; waits for them; throws the failure if any.
    func finish() throws {
        try condition.withLock {
            finishing = true
            condition.broadcast()
            while running > 0 { condition.wait() }
            if let failed { throw failed }
        }
    }
}

/// The order batches commit in: number `n` commits only after every batch
/// numbered below it has, so the offsets stored for a partition only ever
/// move forward over a gap-free prefix of batches, and each batch's rollup
/// sees every earlier batch's rows. Invariant tested in CommitOrderTests:
/// lanes finishing their inserts in any order commit in number order.
final class CommitOrder: @unchecked Sendable {
    private let condition = NSCondition()
    private var committedThrough = -1

    /// Waits until every batch before `sequence` has committed. Every
    /// `tick` (50 ms) of waiting, `check` runs and may throw to stop waiting
    /// (a failure elsewhere, a stop request, this lane blocking another).
    func waitForTurn(_ sequence: Int, tick: Duration = .milliseconds(50), check: () throws -> Void) throws {
        while true {
            let ready = condition.withLock { () -> Bool in
                if committedThrough >= sequence - 1 { return true }
                _ = condition.wait(until: Date().addingTimeInterval(StoreConsumer.seconds(tick)))
                return committedThrough >= sequence - 1
            }
            if ready { return }
            try check()
        }
    }

    /// Batch `sequence` committed (call in turn, after `waitForTurn`).
    func committed(_ sequence: Int) {
        condition.withLock {
            committedThrough = max(committedThrough, sequence)
            condition.broadcast()
        }
    }

    var lastCommitted: Int { condition.withLock { committedThrough } }
}
