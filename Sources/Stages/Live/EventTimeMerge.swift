import Foundation
import Tabular

/// Puts the rows of several Kafka partitions (lanes) into event-time order,
/// as far as what has arrived allows.
///
/// Each partition is in event-time order by itself (the producers send each
/// dataset in time order), but a consumer gets them in batches: reading
/// `tail prices,balance from=beginning`, a thousand hours of prices may come
/// before the first hour of production. A `window` downstream would close
/// those hours before their production arrived. So a row is let out only
/// when it is the oldest head of all lanes and every other lane either has
/// rows waiting or has reported that it is read to its end; a lane that
/// says nothing for `patience`, or a backlog over `maximumBuffered`, stops
/// the waiting (a stalled partition must not stop the others).
///
/// Rows of one lane keep their order; ties between lanes go to the lane
/// that got them first.
struct EventTimeMerge<Lane: Hashable> {
    struct Entry {
        var time: Date
        var row: [Value]
        /// Arrival order, for ties.
        var order = 0

        init(time: Date, row: [Value]) {
            self.time = time
            self.row = row
        }
    }

    private struct LaneState {
        var queue: [Entry] = []
        var head = 0
        var atEnd = false
        /// Since when the lane has had nothing waiting without being at its end.
        var silentSince: Date?

        var isEmpty: Bool { head >= queue.count }

        mutating func pop() -> Entry {
            let entry = queue[head]
            head += 1
            if head >= 1024, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return entry
        }
    }

    private var lanes: [Lane: LaneState] = [:]
    private var nextSequence = 0
    private(set) var buffered = 0
    let patience: TimeInterval
    let maximumBuffered: Int

    init(patience: TimeInterval = 1, maximumBuffered: Int = 50_000) {
        self.patience = patience
        self.maximumBuffered = maximumBuffered
    }

    /// Starts waiting for `lane` (a partition just assigned), at `now`.
    mutating func open(_ lane: Lane, now: Date) {
        if lanes[lane] == nil { lanes[lane] = LaneState(silentSince: now) }
    }

    /// The rows of one message of `lane` (possibly none: a record without
    /// values, or one filtered out — the lane is no longer at its end either way).
    mutating func add(_ entries: [Entry], to lane: Lane, now: Date) {
        var state = lanes[lane] ?? LaneState()
        state.atEnd = false
        if !entries.isEmpty {
            for var entry in entries {
                entry.order = nextSequence
                nextSequence += 1
                state.queue.append(entry)
            }
            buffered += entries.count
            state.silentSince = nil
        } else if state.isEmpty {
            state.silentSince = now
        }
        lanes[lane] = state
    }

    /// `lane` is read to its end (for now).
    mutating func markEnd(_ lane: Lane) {
        lanes[lane, default: LaneState()].atEnd = true
    }

    /// The next row in event-time order, or nil when none may go out yet.
    mutating func next(now: Date) -> [Value]? {
        var best: (lane: Lane, time: Date, order: Int)?
        var waitFor = false
        for (lane, state) in lanes {
            if state.isEmpty {
                if !state.atEnd, buffered < maximumBuffered,
                   now.timeIntervalSince(state.silentSince ?? now) < patience {
                    waitFor = true
                }
                continue
            }
            let head = state.queue[state.head]
            if let current = best, (current.time, current.order) <= (head.time, head.order) { continue }
            best = (lane, head.time, head.order)
        }
        guard let best, !waitFor else { return nil }
        guard var state = lanes[best.lane] else { return nil }
        let entry = state.pop()
        buffered -= 1
        if state.isEmpty { state.silentSince = now }
        lanes[best.lane] = state
        return entry.row
    }

    /// True when no row is waiting.
    var isEmpty: Bool { buffered == 0 }
}
