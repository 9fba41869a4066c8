import Foundation

/// Collects the text in memory (tests, capturing output for the shell).
public final class TextOutput: OutputWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""
    private var flushes = 0

    public init() {}

    public func write(_ text: String) throws {
        lock.lock()
        collected += text
        lock.unlock()
    }

    public func flush() throws {
        lock.lock()
        flushes += 1
        lock.unlock()
    }

    /// Everything written so far.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// How many times `flush()` was called (live sinks flush per row).
    public var flushCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return flushes
    }

    /// Returns the text and starts over.
    public func take() -> String {
        lock.lock()
        defer { lock.unlock() }
        let text = collected
        collected = ""
        return text
    }
}
