import Basics

/// The one error type of the Ingest module: what went wrong, in a sentence
/// that says what to do, with the underlying cause kept.
///
/// Its cause: the error underneath (an HTTPError, KafkaError, PostgresError, EnergiDataError).
public typealias IngestError = CodedError<IngestErrorCode>

/// What kind of failure an `IngestError` is.
public enum IngestErrorCode: String, Sendable {
    /// The Energi Data Service API did not give a usable answer (after retries).
    case api
    /// The API answered, but not with the expected JSON.
    case badResponse
    /// Kafka refused or could not deliver.
    case kafka
    /// The store (PostgreSQL) could not be written or read.
    case database
    /// A recorded file could not be read.
    case file
    /// Stopped on request (Ctrl-C, SIGTERM) before the work was done.
    case interrupted
}
