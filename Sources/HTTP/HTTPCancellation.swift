import Foundation

/// A token that cancels a running `HTTPClient.get` from another thread.
///
/// Hand the same token to `get` and keep a reference elsewhere (a Ctrl-C
/// handler, a shutdown path); `cancel()` makes the transfer stop at libcurl's
/// next progress tick (within about a second, also while the server is
/// silent), and `get` throws an `HTTPError` with code `.cancelled`. A token stays
/// cancelled: a later `get` with it fails at once.
public final class HTTPCancellation: @unchecked Sendable {
    // @unchecked: the one mutable field is guarded by `lock`.
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    /// Asks every transfer using this token to stop. Safe from any thread.
    public func cancel() {
        lock.withLock { cancelled = true }
    }

    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }
}
