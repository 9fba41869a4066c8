/// The one error type of the Demo module: what kept the demo from starting
/// or running, in a sentence that says what to do, with the cause kept.
/// (PostgreSQL or Kafka that cannot be started are `ServiceError`s, as
/// everywhere else.)
public struct DemoError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The bundled data (queries/demo) is missing or unreadable.
        case data
    }

    public var code: Code
    public var message: String
    /// The error underneath.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
