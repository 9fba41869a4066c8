/// The one error type of the Demo module: what kept the demo from starting
/// or running, in a sentence that says what to do, with the cause kept.
public struct DemoError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The bundled data (queries/demo) is missing or unreadable.
        case data
        /// The embedded PostgreSQL could not be started or the demo database made.
        case database
        /// The in-process Kafka, the producer or the consumer failed.
        case kafka
    }

    public var code: Code
    public var message: String
    /// The lower-level error, as text.
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// 3 when a service (PostgreSQL, Kafka) is the problem, 1 for the data.
    public var exitCode: Int32 { code == .data ? 1 : 3 }
}
