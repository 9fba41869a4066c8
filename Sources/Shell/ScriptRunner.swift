import ErrorReporting
import Foundation

/// Runs a script through a session, statement by statement: `-c` text,
/// statements on stdin, a `.efq` file. Stops at the first error unless the
/// session's settings say `continueOnError` (Ctrl-C and connection errors
/// always stop); the exit status is the first failure's, or success.
public struct ScriptRunner {
    public let session: Session

    public init(session: Session) {
        self.session = session
    }

    /// Runs all of `text`; `name` is the file errors name (nil for `-c`).
    public func run(_ text: String, name: String?) -> ExitStatus {
        var chunks = StatementChunker.chunks(of: text)[...]
        return run(name: name) { chunks.popFirst() }
    }

    /// Runs lines as they arrive from `nextLine` (nil at the end): a
    /// statement runs as soon as the line after it shows it is complete.
    public func run(lines nextLine: () -> String?, name: String?) -> ExitStatus {
        var chunker = StatementChunker()
        var pending: [StatementChunker.Chunk] = []
        var ended = false
        return run(name: name) {
            while pending.isEmpty && !ended {
                if let line = nextLine() {
                    pending += chunker.add(line)
                } else {
                    ended = true
                    pending += chunker.finish()
                }
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }
    }

    private func run(name: String?, next: () -> StatementChunker.Chunk?) -> ExitStatus {
        var status = ExitStatus.success
        while let chunk = next() {
            let outcome = session.run(chunk.text, name: name, firstLine: chunk.firstLine)
            if outcome == .quit { break }
            if outcome.isFailure {
                if status == .success { status = outcome.status }
                if outcome.stopsScript || !session.settings.continueOnError { return outcome.status }
            }
        }
        return status
    }
}
