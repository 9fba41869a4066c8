import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a callback (on a dispatch queue, not inside
/// a signal handler), so long-running commands can stop cleanly: commit what
/// they stored, remove their state files, and exit. While installed, the
/// signals no longer kill the process; `cancel()` restores the defaults.
public final class TerminationSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]
    private let lock = NSLock()
    private var received: Int32?

    public init(_ signals: [Int32] = [SIGINT, SIGTERM], onSignal: (@Sendable (Int32) -> Void)? = nil) {
        self.signals = signals
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.lock.withLock { self?.received = self?.received ?? number }
                onSignal?(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    public var receivedSignal: Int32? { lock.withLock { received } }

    /// Blocks until a signal arrives; returns it.
    public func wait(pollInterval: TimeInterval = 0.1) -> Int32 {
        while true {
            if let number = receivedSignal { return number }
            Thread.sleep(forTimeInterval: pollInterval)
        }
    }

    public func cancel() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit { cancel() }
}
