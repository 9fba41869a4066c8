import Foundation

/// Where sinks write their text. Writes may be buffered; `flush()` pushes
/// them out (sinks flush after each row of a live stream and at the end).
/// Throws `ExecutionError(.output)` when the text cannot be written.
public protocol OutputWriter: AnyObject, Sendable {
    func write(_ text: String) throws
    func flush() throws
}

/// Standard output (or any file descriptor), buffered up to 64 KiB between flushes.
public final class FileOutput: OutputWriter, @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer = Data()
    private let limit = 1 << 16

    public init(_ handle: FileHandle = .standardOutput) {
        self.handle = handle
    }

    public static let standardOutput = FileOutput(.standardOutput)

    public func write(_ text: String) throws {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { try drain() }
    }

    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        try drain()
    }

    private func drain() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ExecutionError(.output, "cannot write the results: \(error.localizedDescription)")
        }
    }
}

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
