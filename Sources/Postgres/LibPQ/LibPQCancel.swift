import CLibPQ

/// Owns one PGcancel. PQcancel is safe to call from any thread (even a signal
/// handler); it opens its own connection to the server to ask for the cancel.
final class LibPQCancel: @unchecked Sendable {
    private let cancel: OpaquePointer

    init(_ cancel: OpaquePointer) {
        self.cancel = cancel
    }

    deinit {
        PQfreeCancel(cancel)
    }

    /// Asks the server to cancel the statement running on the connection.
    /// Returns libpq's message when the request could not be sent.
    func send() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let sent = PQcancel(cancel, &buffer, Int32(buffer.count))
        if sent == 1 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
