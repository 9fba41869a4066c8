import Dispatch
import ErrorReporting
import Foundation
import Stages

/// Turns Ctrl-C (SIGINT) during a statement into `CancellationToken.cancel()`
/// for that statement's run, from a dispatch source (never inside a signal
/// handler); the executor then cancels the PostgreSQL statement, stops
/// plugins, and the shell returns to the prompt. Nothing else is affected.
///
/// At the prompt libedit reads Ctrl-C as a key (it clears the line), so the
/// guard matters only while a statement runs. The REPL keeps the guard
/// installed for the whole session, so a Ctrl-C that lands between two
/// statements is dropped rather than killing the process; scripts install it
/// per statement and restore the default between statements.
///
/// A third Ctrl-C during one run, when a stage ignores cancellation, ends
/// the process with status 130 (`ExitStatus.interrupted`).
public final class InterruptGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var source: DispatchSourceSignal?
    private var current: CancellationToken?
    private var count = 0
    private let keepInstalled: Bool

    /// - Parameter keepInstalled: true for the REPL (installed from the first
    ///   run until `uninstall()`), false for scripts (only during each run).
    public init(keepInstalled: Bool) {
        self.keepInstalled = keepInstalled
    }

    deinit { uninstall() }

    /// Runs `body` with Ctrl-C cancelling `token`.
    public func whileRunning<T, E: Error>(_ token: CancellationToken, _ body: () throws(E) -> T) throws(E) -> T {
        install()
        lock.withLock {
            current = token
            count = 0
        }
        defer {
            lock.withLock { current = nil }
            if !keepInstalled { uninstall() }
        }
        return try body()
    }

    /// Installs the SIGINT source now (the REPL does this once at start).
    public func install() {
        lock.lock()
        defer { lock.unlock() }
        guard source == nil else { return }
        signal(SIGINT, SIG_IGN)   // the dispatch source sees it; the default action (exit) does not run
        let made = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        made.setEventHandler { [weak self] in self?.interrupted() }
        made.resume()
        source = made
    }

    /// Removes the source and gives SIGINT its default action back.
    public func uninstall() {
        lock.lock()
        defer { lock.unlock() }
        guard let source else { return }
        source.cancel()
        self.source = nil
        signal(SIGINT, SIG_DFL)
    }

    private func interrupted() {
        let (token, presses) = lock.withLock { () -> (CancellationToken?, Int) in
            guard current != nil else { return (nil, 0) }
            count += 1
            return (current, count)
        }
        guard let token else { return }
        if presses >= 3 {
            FileHandle.standardError.write(Data("\ninterrupted\n".utf8))
            _exit(ExitStatus.interrupted.rawValue)
        }
        token.cancel()
    }
}
