import Foundation

/// Where sinks write their text. Writes may be buffered; `flush()` pushes
/// them out (sinks flush after each row of a live stream and at the end).
/// Throws `ExecutionError(.output)` when the text cannot be written.
public protocol OutputWriter: AnyObject, Sendable {
    func write(_ text: String) throws
    func flush() throws
    /// Writes UTF-8 bytes as they are (a store's lines); by default as text.
    func write(bytes: UnsafeRawBufferPointer) throws
}

extension OutputWriter {
    public func write(bytes: UnsafeRawBufferPointer) throws {
        try write(String(decoding: bytes, as: UTF8.self))
    }
}
