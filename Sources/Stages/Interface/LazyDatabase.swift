import Foundation
import Postgres

/// Connects on first use and keeps the connection; reconnects when it was lost.
public final class LazyDatabase: DatabaseProvider, @unchecked Sendable {
    private let lock = NSLock()
    private let connect: @Sendable () throws -> PostgresConnection
    private var current: PostgresConnection?

    /// Connects with `configuration`.
    public convenience init(_ configuration: PostgresConfiguration) {
        self.init { try PostgresConnection(configuration) }
    }

    /// Connects with `connect` (e.g. the service layer that starts the embedded server first).
    public init(connect: @escaping @Sendable () throws -> PostgresConnection) {
        self.connect = connect
    }

    /// An open connection you already have.
    public convenience init(connection: PostgresConnection) {
        self.init { connection }
    }

    public func connection() throws -> PostgresConnection {
        lock.lock()
        defer { lock.unlock() }
        if let current {
            if current.isConnected { return current }
            try current.reconnect()
            return current
        }
        let made = try connect()
        current = made
        return made
    }

    /// Whether a connection has been opened (tests check that `tail` needs none).
    public var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return current != nil
    }
}
