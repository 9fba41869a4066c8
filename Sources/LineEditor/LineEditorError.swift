/// Why the history file could not be read or written. `message` says what
/// went wrong and what to do; `cause` keeps the system's reason.
public struct LineEditorError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case cannotReadHistory
        case cannotWriteHistory
    }

    public var code: Code
    public var message: String
    /// The history file concerned.
    public var path: String
    /// The error underneath (Foundation's, with the system's reason), if any.
    public var cause: (any Error & Sendable)?

    public init(code: Code, message: String, path: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String { message }
}
