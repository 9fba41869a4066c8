/// Everything that can go wrong talking to PostgreSQL, as one error type.
///
/// `message` is a sentence a person can act on. For errors the server reports,
/// it is the server's own primary message and the server's fields are kept
/// (`sqlState`, `detail`, `hint`, `position`, ...). `underlying` keeps libpq's
/// own text when there is one. No field ever holds a password: every text that
/// came from libpq or the server passes through the connection's masking.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The server could not be reached (refused, no socket, timeout, bad host).
        case connectionFailed
        /// The server was reached but refused the login (password, pg_hba.conf, role).
        case authenticationFailed
        /// The connection broke while in use; call `reconnect()`.
        case connectionLost
        /// The server rejected a statement; see `sqlState`.
        case server
        /// The statement was cancelled (SQLSTATE 57014), e.g. by a `PostgresCanceller`.
        case cancelled
        /// A COPY failed on the client side (the server's errors are `.server`).
        case copyFailed
        /// A value the server returned could not be decoded into the column's Swift type.
        case decoding
        /// The wrapper was used in a way that cannot work (bad URL, nested transaction, ...).
        case usage
    }

    public var code: Code
    public var message: String
    /// The server's five-character SQLSTATE, e.g. "23505" for a unique violation.
    public var sqlState: String?
    /// The server's severity ("ERROR", "FATAL", ...), not translated.
    public var severity: String?
    public var detail: String?
    public var hint: String?
    /// 1-based character position in the statement text the server points at.
    public var position: Int?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// libpq's own message text, masked, when it adds something to `message`.
    public var underlying: String?

    public init(_ code: Code, _ message: String, sqlState: String? = nil, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += "\nDetail: \(detail)" }
        if let hint { text += "\nHint: \(hint)" }
        if let position { text += "\nAt character \(position) of the statement." }
        if let underlying, !underlying.isEmpty, underlying != message {
            text += "\nlibpq: \(underlying)"
        }
        return text
    }
}

extension PostgresError {
    /// The server cannot be reached, refused the login, or the connection
    /// broke: a problem of the connection, not of a statement.
    public var isConnectionError: Bool {
        switch code {
        case .connectionFailed, .authenticationFailed, .connectionLost: return true
        case .server, .cancelled, .copyFailed, .decoding, .usage: return false
        }
    }

    /// Common SQLSTATE codes, for comparisons such as `error.sqlState == PostgresError.uniqueViolation`.
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let queryCanceled = "57014"
    public static let adminShutdown = "57P01"
    public static let readOnlySQLTransaction = "25006"
    public static let invalidPassword = "28P01"
    public static let undefinedTable = "42P01"
}
