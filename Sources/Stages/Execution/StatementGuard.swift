import Foundation
import Postgres

/// Connects a run's `CancellationToken` to the statements running on one
/// connection: while a statement runs, cancelling sends PostgreSQL a cancel
/// request (again every 100 ms until the statement returns, because a
/// request that arrives just before the server starts the statement is
/// ignored); a statement asked to start after cancelling does not start.
final class StatementGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    private let canceller: PostgresCanceller
    private let token: CancellationToken
    private var registration: CancellationToken.Registration?

    init(connection: PostgresConnection, token: CancellationToken) throws {
        canceller = try connection.makeCanceller()
        self.token = token
        registration = token.onCancel { [weak self] in self?.cancelRunning() }
    }

    /// Runs one statement; throws the cancelled error instead when the run is cancelled.
    func run<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        running = true
        lock.unlock()
        defer {
            lock.lock()
            running = false
            lock.unlock()
        }
        // Checked after `running` is set, so a cancel from now on sees it.
        try token.check()
        return try body()
    }

    /// Stops watching the token.
    func finish() {
        registration?.remove()
        registration = nil
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    private func cancelRunning() {
        guard isRunning else { return }
        let canceller = self.canceller
        Thread.detachNewThread { [weak self] in
            for _ in 0..<300 {
                guard let self, self.isRunning else { return }
                try? canceller.cancel()
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }
}
