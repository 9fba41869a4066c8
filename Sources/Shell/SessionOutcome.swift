import ErrorReporting

/// How a statement (or a chunk of statements) ended.
public enum SessionOutcome: Sendable, Equatable {
    case success
    /// It failed and the error was reported; `status` is what a script
    /// exits with (`ErrorReport` decides it).
    case failure(ExitStatus)
    /// `.quit` (or `.exit`): the REPL ends, a script stops with success so far.
    case quit

    public var status: ExitStatus {
        if case .failure(let status) = self { return status }
        return .success
    }

    public var isFailure: Bool { status != .success }

    /// Cancelled by Ctrl-C, or PostgreSQL/Kafka cannot be reached: a script
    /// stops even with --continue-on-error.
    public var stopsScript: Bool { status == .interrupted || status == .unreachable }
}
