import Foundation

/// Cancels a running pipeline: the shell calls `cancel()` on Ctrl-C (from an
/// ordinary thread, e.g. a signal dispatch source — not from inside a signal
/// handler). Streams check `isCancelled` between rows; code that blocks
/// (a PostgreSQL statement, a Kafka poll) registers a handler with
/// `onCancel` that wakes it up. Make a new token for every run.
public final class CancellationToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var nextID = 0
    private var handlers: [Int: @Sendable () -> Void] = [:]

    public init() {}

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Marks the run cancelled and runs every registered handler once (on
    /// this thread). Later calls do nothing.
    public func cancel() {
        lock.lock()
        guard !cancelled else {
            lock.unlock()
            return
        }
        cancelled = true
        let toRun = handlers.sorted { $0.key < $1.key }.map(\.value)
        handlers = [:]
        lock.unlock()
        for handler in toRun { handler() }
    }

    /// Runs `handler` when the token is cancelled (at once if it already is).
    /// Keep the registration and call `remove()` when the work is done.
    @discardableResult
    public func onCancel(_ handler: @escaping @Sendable () -> Void) -> Registration {
        lock.lock()
        if cancelled {
            lock.unlock()
            handler()
            return Registration(token: nil, id: -1)
        }
        let id = nextID
        nextID += 1
        handlers[id] = handler
        lock.unlock()
        return Registration(token: self, id: id)
    }

    /// Throws the cancelled error when the token is cancelled.
    public func check() throws(ExecutionError) {
        if isCancelled { throw ExecutionError.cancelled() }
    }

    fileprivate func remove(_ id: Int) {
        lock.lock()
        handlers[id] = nil
        lock.unlock()
    }

    /// A handler's registration; `remove()` unregisters it.
    public final class Registration: Sendable {
        private let token: CancellationToken?
        private let id: Int

        fileprivate init(token: CancellationToken?, id: Int) {
            self.token = token
            self.id = id
        }

        public func remove() { token?.remove(id) }
    }
}
