import Ingest
import Services

/// SIGINT/SIGTERM for long-running commands: the first signal asks for a
/// clean stop (`stop`: finish what was read or sent), a second one gives up
/// waiting (`abort`). Lives as long as the command; `cancel()` restores the
/// default signal handling.
final class GracefulStop: Sendable {
    let stop = IngestStop()
    let abort = IngestStop()
    private let signals: TerminationSignals

    /// `command` and `finishing` name what the first signal does, e.g.
    /// "consume" and "storing what was read".
    init(command: String, finishing: String) {
        let stop = self.stop, abort = self.abort
        signals = TerminationSignals { number in
            if stop.isStopped {
                abort.stop(reason: "second signal")
            } else {
                Console.error("\(command): stopping (signal \(number)); \(finishing)…")
                stop.stop(reason: "signal \(number)")
            }
        }
    }

    func cancel() { signals.cancel() }
}
