import Basics

/// Why a service (PostgreSQL, Kafka) could not be set up or reached, or
/// EnergiFlow's own settings (the trusted directories) could not be kept.
/// `message` is a sentence for the user: what went wrong and what to do.
///
/// Its cause: the error underneath (a PostgresError, a KafkaError, a
/// ProgramError with a helper program's output), kept for bug reports.
public typealias ServiceError = CodedError<ServiceErrorCode>

/// What kind of failure a `ServiceError` is.
public enum ServiceErrorCode: String, Sendable {
    /// The PostgreSQL server programs are not installed and no DATABASE_URL is set.
    case serverNotInstalled
    /// A data directory that cannot be used (other version, not writable, unreachable).
    case dataDirectory
    /// A server process failed to start or stop.
    case serverFailed
    /// A configured service cannot be reached.
    case unreachable
    /// A service failed while in use (the demo's replay into Kafka, its storing).
    case failed
    /// EnergiFlow's own settings (the trusted directories) could not be written.
    case settings
}
