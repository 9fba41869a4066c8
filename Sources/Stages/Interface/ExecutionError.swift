import Postgres
import Query

/// The one error type of the Stages module: what running (or planning) a
/// pipeline can end with. (The exit status each code means is decided with
/// every other error's, in ErrorReporting's `ErrorReport`.)
///
/// - `.query`: the pipeline is wrong or the data/server rejected it (parse,
///   plan and runtime errors, including PostgreSQL's own messages).
///   `query` holds the `QueryError` with its caret rendering.
/// - `.connection`: PostgreSQL or Kafka cannot be reached, refused the login,
///   or the connection broke.
/// - `.cancelled`: Ctrl-C (the `CancellationToken`): back to the prompt, or
///   the end of a script.
/// - `.output`: writing the results failed (e.g. the reader of a pipe went away).
/// - `.internal`: a stage broke its contract (a bug, or a plugin).
public struct ExecutionError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case query, connection, cancelled, output, `internal`
    }

    public var code: Code
    /// One sentence: what went wrong and what to do.
    public var message: String
    /// For `.query`: the error with its position in the statement.
    public var query: QueryError?
    /// What lies underneath (a PostgresError, a KafkaError, …).
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, query: QueryError? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.query = query
        self.cause = cause
    }

    /// A query error as an execution error.
    public init(_ error: QueryError) {
        self.init(.query, error.message, query: error, cause: error)
    }

    public static func cancelled() -> ExecutionError {
        ExecutionError(.cancelled, "cancelled")
    }

    public var isConnectionError: Bool { code == .connection }

    /// The text for stderr: the caret rendering for query errors, else `error: message`.
    public func rendered() -> String {
        if let query { return query.rendered() }
        return "error: " + message
    }

    public var description: String { rendered() }
}

extension ExecutionError {
    /// Classifies a PostgresError from running a statement: connection
    /// problems are `.connection`, a cancelled statement `.cancelled`, and
    /// everything the server rejected a `.query` error pointing at `range`
    /// with the server's message.
    static func from(_ error: PostgresError, at range: SourceRange, in source: SourceText?, what: String) -> ExecutionError {
        switch error.code {
        case .connectionFailed, .authenticationFailed, .connectionLost:
            return ExecutionError(.connection, error.message, cause: error)
        case .cancelled where error.message.contains("statement timeout"):
            let query = QueryError(.other, "the query ran longer than its time limit and was stopped", at: range, in: source,
                                   note: "sql stops a query after timeout= (default 5m); give a longer one, e.g. sql '…' timeout=30m",
                                   cause: error)
            return ExecutionError(query)
        case .cancelled:
            return ExecutionError(.cancelled, "cancelled", cause: error)
        case .server where error.sqlState == "42501" || error.sqlState == PostgresError.readOnlySQLTransaction:
            // The query role may only read the store's tables (README: Security).
            let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
            let query = QueryError(.other, "not allowed: \(error.message)\(state)", at: range, in: source,
                                   note: "queries may only read the store's tables: server files, large objects, settings, "
                                       + "other sessions and writes are not allowed",
                                   cause: error)
            return ExecutionError(query)
        case .server where error.message.contains(PivotCheck.marker):
            return ExecutionError(QueryError(.other, "pivot found two rows for one of its cells (the same other columns and the same key)",
                                             at: range, in: source,
                                             note: "a cell holds one value; summarize the rows first, or keep fewer columns with select",
                                             cause: error))
        case .server, .decoding, .usage, .copyFailed:
            var note: String?
            if let detail = error.detail { note = detail }
            if let hint = error.hint { note = (note.map { $0 + "; " } ?? "") + hint }
            let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
            let query = QueryError(.other, "PostgreSQL rejected \(what): \(error.message)\(state)",
                                   at: range, in: source, note: note, cause: error)
            return ExecutionError(query)
        }
    }
}
