import Foundation
import Plugins
import Services

/// While a session runs: SIGTERM or SIGHUP stop every running plugin, with
/// everything it started, and reap them before EnergiFlow ends the way the
/// signal says (so no plugin, grandchild or zombie outlives it). Ctrl-C is
/// the session's own (it cancels the running statement).
final class PluginStopper {
    private let signals: TerminationSignals
    private let state = StopState()

    init() {
        let state = self.state
        signals = TerminationSignals([SIGTERM, SIGHUP]) { number in
            state.begin()
            PluginProcesses.terminateAll()
            // End by the signal itself: its default action, on this thread
            // (dispatch's threads may have it blocked).
            signal(number, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, number)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(number)
        }
    }

    /// At the session's end. When a stop is under way (the session may have
    /// ended because its plugin was just killed), waits for it to end the
    /// process, so EnergiFlow ends by the signal rather than by that error;
    /// otherwise gives the signals their default action back.
    func finish() {
        if state.isStopping {
            while true { pause() }
        }
        signals.cancel()
    }

    private final class StopState: @unchecked Sendable {
        private let lock = NSLock()
        private var stopping = false
        func begin() { lock.withLock { stopping = true } }
        var isStopping: Bool { lock.withLock { stopping } }
    }
}
