import Foundation

/// A stop request shared between threads: a signal handler or a test sets
/// it, long-running loops check it and sleep on it (waking at once when it is set).
public final class IngestStop: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var why: String?
    private var callbacks: [@Sendable () -> Void] = []

    public init() {}

    /// Runs `body` once when stop is requested (at once when it already was),
    /// e.g. to cancel a blocking HTTP transfer.
    public func whenStopped(_ body: @escaping @Sendable () -> Void) {
        let already = condition.withLock { () -> Bool in
            if !stopped { callbacks.append(body) }
            return stopped
        }
        if already { body() }
    }

    /// Asks every loop using this token to stop (first reason wins).
    public func stop(reason: String? = nil) {
        let pending = condition.withLock { () -> [@Sendable () -> Void] in
            if stopped { return [] }
            why = reason
            stopped = true
            condition.broadcast()
            defer { callbacks.removeAll() }
            return callbacks
        }
        for body in pending { body() }
    }

    public var isStopped: Bool { condition.withLock { stopped } }
    public var reason: String? { condition.withLock { why } }

    /// Sleeps up to `seconds`; returns false early when stopped.
    @discardableResult
    public func sleep(_ seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(max(0, seconds))
        return condition.withLock {
            while !stopped {
                if !condition.wait(until: deadline) { return true }
            }
            return false
        }
    }
}
