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
    /// The underlying error's text (errno or Foundation), if any.
    public var cause: String?

    public init(code: Code, message: String, path: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String { message }
}
