/// The one error type of the Shell module: what the shell itself cannot do
/// (as opposed to a statement's `QueryError` or a run's `ExecutionError`):
/// write a saved query, read a script, save the history.
public struct ShellError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// A file the shell reads or writes (script, saved query, history).
        case file
    }

    public var code: Code
    /// One sentence: what went wrong and what to do.
    public var message: String
    /// What lies underneath (an NSError, a LineEditorError, …).
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
