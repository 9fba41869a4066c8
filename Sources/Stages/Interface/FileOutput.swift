import Foundation

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

    public func write(bytes: UnsafeRawBufferPointer) throws {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: bytes)
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
