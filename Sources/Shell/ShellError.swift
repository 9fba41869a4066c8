import Basics

/// The one error type of the Shell module: what the shell itself cannot do
/// (as opposed to a statement's `QueryError` or a run's `ExecutionError`):
/// write a saved query, read a script, save the history.
///
/// Its cause: what lies underneath (an NSError, a LineEditorError, …).
public typealias ShellError = CodedError<ShellErrorCode>

/// What kind of failure a `ShellError` is.
public enum ShellErrorCode: String, Sendable {
    /// A file the shell reads or writes (script, saved query, history).
    case file
}
