import Foundation
import Plugins
import Services

/// While a session runs: SIGTERM or SIGHUP stop every running plugin, with
/// everything it started, and reap them before EnergiFlow ends the way the
/// signal says (so no plugin, grandchild or zombie outlives it). Ctrl-C is
/// the session's own (it cancels the running statement).
final class PluginStopper {
    private let signals: TerminationSignals

    init() {
        signals = TerminationSignals([SIGTERM, SIGHUP]) { number in
            PluginProcesses.terminateAll()
            signal(number, SIG_DFL)
            kill(getpid(), number)
        }
    }

    /// Gives the signals their default action back.
    func cancel() { signals.cancel() }
}
