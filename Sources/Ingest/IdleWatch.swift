import Foundation

/// When a consumer run with `untilIdle` may stop. Invariants (tested in
/// IdleWatchTests): never while a batch is being filled or written, or
/// before `idle` has passed since the last message; never more often than
/// every 200 ms (asking the broker has a cost); with nothing assigned, only
/// after `assignmentTimeout`; with partitions assigned, only when each has
/// reported its end and the broker says nothing came after it.
struct IdleWatch {
    enum Verdict: Equatable {
        case goOn
        case caughtUp
        case nothingAssigned
    }

    let idle: Duration
    let assignmentTimeout: Duration
    let started: ContinuousClock.Instant
    private(set) var lastMessage: ContinuousClock.Instant
    private var lastCheck: ContinuousClock.Instant

    init(idle: Duration, assignmentTimeout: Duration, now: ContinuousClock.Instant = .now) {
        self.idle = idle
        self.assignmentTimeout = assignmentTimeout
        started = now
        lastMessage = now
        lastCheck = now - .seconds(1)
    }

    mutating func messagesArrived(at now: ContinuousClock.Instant) {
        lastMessage = now
    }

    /// `settled`: nothing being filled or written. `atEnd` asks whether every
    /// assigned partition is read to its end (a broker round trip), and is
    /// called only when everything else says the run may stop.
    mutating func verdict(at now: ContinuousClock.Instant, settled: Bool, assignedCount: Int,
                          mayStop: () -> Bool, atEnd: () -> Bool) -> Verdict {
        guard settled, now - lastMessage >= idle, now - lastCheck >= .milliseconds(200) else { return .goOn }
        lastCheck = now
        if assignedCount == 0 {
            return now - started >= assignmentTimeout ? .nothingAssigned : .goOn
        }
        return mayStop() && atEnd() ? .caughtUp : .goOn
    }
}

/// Says each distinct Kafka error once a minute: librdkafka repeats
/// transient ones (a broker away) many times a second.
struct ErrorThrottle {
    let interval: Duration
    private var shown: [String: ContinuousClock.Instant] = [:]

    init(interval: Duration = .seconds(60)) {
        self.interval = interval
    }

    /// True when `text` should be said now.
    mutating func shouldSay(_ text: String, at now: ContinuousClock.Instant) -> Bool {
        if let last = shown[text], now - last <= interval { return false }
        shown[text] = now
        return true
    }
}

/// librdkafka 2.0 stops fetching while its queue is over
/// `queued.max.messages.kbytes` and looks again only when its broker
/// thread wakes (up to a second later). A consumer that has emptied the
/// queue wakes it with a cheap request to a partition's leader, at most
/// every 20 ms.
struct FetchWaker {
    private var last = ContinuousClock.now

    /// True when the consumer should wake librdkafka now: the last poll
    /// took fewer events than asked for (the queue ran dry).
    mutating func due(polled: Int, asked: Int, at now: ContinuousClock.Instant) -> Bool {
        guard polled < asked, now - last >= .milliseconds(20) else { return false }
        last = now
        return true
    }
}
