import Basics

/// The one error type of the Demo module: what kept the demo from starting
/// or running, in a sentence that says what to do, with the cause kept.
/// (PostgreSQL or Kafka that cannot be started are `ServiceError`s, as
/// everywhere else.)
///
/// Its cause: the error underneath.
public typealias DemoError = CodedError<DemoErrorCode>

/// What kind of failure a `DemoError` is.
public enum DemoErrorCode: String, Sendable {
    /// The bundled data (queries/demo) is missing or unreadable.
    case data
}
