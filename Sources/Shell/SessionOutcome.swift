/// How a statement (or a chunk of statements) ended.
public enum SessionOutcome: Sendable, Equatable {
    case success
    /// It failed and the error was reported; `exitCode` is what a script
    /// exits with: 1 query error, 3 connection error, 130 cancelled.
    case failure(exitCode: Int32)
    /// `.quit` (or `.exit`): the REPL ends, a script stops with success so far.
    case quit

    public var exitCode: Int32 {
        if case .failure(let code) = self { return code }
        return 0
    }

    public var isFailure: Bool { exitCode != 0 }

    /// Cancelled by Ctrl-C (130), or PostgreSQL/Kafka cannot be reached (3):
    /// a script stops even with --continue-on-error.
    public var stopsScript: Bool { exitCode == 130 || exitCode == 3 }
}
