/// Cancels the statement running on a connection, from any thread.
///
/// Made by `PostgresConnection.makeCanceller()`. `cancel()` asks the server (over
/// a separate, short connection) to stop whatever the connection is running;
/// the running call then throws `.cancelled` (SQLSTATE 57014). When nothing is
/// running, the request has no effect. A canceller belongs to one server
/// session: after `reconnect()`, make a new one.
public final class PostgresCanceller: Sendable {
    private let handle: LibPQCancel
    private let endpoint: String

    init(_ handle: LibPQCancel, endpoint: String) {
        self.handle = handle
        self.endpoint = endpoint
    }

    /// Sends the cancel request; throws `.connectionFailed` when it could not be delivered.
    public func cancel() throws {
        if let failure = handle.send() {
            let reason = failure.trimmingTrailingNewlines()
            throw PostgresError(.connectionFailed, "Could not send the cancel request to PostgreSQL at \(endpoint): \(reason).",
                                underlying: reason)
        }
    }
}
