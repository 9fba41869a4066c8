/// The shape of a module's one error type (`IngestError`, `ServiceError`,
/// `ShellError`, `DemoError` are this with their own codes): a code for
/// callers that branch on it (ErrorReporting turns it into the exit status),
/// one sentence for people that says what to do, and the error underneath,
/// kept typed for bug reports.
public struct CodedError<CodeType: Hashable & Sendable>: Error, Sendable, CustomStringConvertible {
    /// `IngestError.Code` and the like name the module's codes.
    public typealias Code = CodeType

    public var code: Code
    /// One sentence: what went wrong and what to do.
    public var message: String
    /// The error underneath, when there is one.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
