/// Why a service (PostgreSQL, Kafka) could not be set up or reached.
/// `message` is a sentence for the user: what went wrong and what to do.
public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The PostgreSQL server programs are not installed and no DATABASE_URL is set.
        case serverNotInstalled
        /// A data directory that cannot be used (other version, not writable, unreachable).
        case dataDirectory
        /// A server process failed to start or stop.
        case serverFailed
        /// A configured service cannot be reached.
        case unreachable
    }

    public var code: Code
    public var message: String
    /// The underlying output or error, kept for `--verbose` and bug reports.
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Every service error means "cannot connect": exit code 3.
    public var exitCode: Int32 { 3 }
}
