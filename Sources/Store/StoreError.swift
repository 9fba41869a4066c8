import Postgres

/// Why the store could not do what was asked. Wraps the PostgreSQL error.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The schema in the database is newer than this program knows.
        case schemaTooNew
        /// A migration failed.
        case migrationFailed
        /// A write or read failed; `cause` says why.
        case database
    }

    public var code: Code
    public var message: String
    public var cause: PostgresError?

    public init(_ code: Code, _ message: String, cause: PostgresError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
