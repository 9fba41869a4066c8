import Foundation

/// Where warnings go: handed to `handler` as they happen (the shell prints
/// them to stderr at once; they may come from any thread) and kept for the
/// run's summary.
public final class WarningChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [StageWarning] = []
    private let handler: (@Sendable (StageWarning) -> Void)?

    public init(_ handler: (@Sendable (StageWarning) -> Void)? = nil) {
        self.handler = handler
    }

    public func warn(_ warning: StageWarning) {
        lock.lock()
        collected.append(warning)
        lock.unlock()
        handler?(warning)
    }

    public func warn(stage: String?, _ message: String) {
        warn(StageWarning(stage: stage, message))
    }

    public func note(stage: String?, _ message: String) {
        warn(StageWarning(stage: stage, message, isNote: true))
    }

    /// Every warning so far, oldest first.
    public var all: [StageWarning] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
