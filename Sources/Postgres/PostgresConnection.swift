import Foundation

/// One connection to a PostgreSQL server.
///
/// Every call blocks the calling thread until the server answers (connecting is
/// bounded by the configuration's connect timeout; statements are not — cancel
/// them with a `PostgresCanceller`). Run it on a thread of its own, not on the
/// Swift concurrency pool. Statements take parameters separately from the SQL
/// text (`$1`, `$2`, ...), never spliced into it.
///
/// `@unchecked Sendable`: a libpq connection must not be used by two threads at
/// once, so every libpq call happens under `lock`; the connection may be handed
/// from thread to thread, and a transaction holds the lock until it ends.
public final class PostgresConnection: @unchecked Sendable {
    public let configuration: PostgresConfiguration
    private let pq: LibPQConnection
    private let lock = NSRecursiveLock()
    /// True while a `PostgresRowStream` reads a statement here (under `lock`).
    var streaming = false

    /// Connects, or throws `.connectionFailed` / `.authenticationFailed` with a
    /// message naming the server and what to check.
    public init(_ configuration: PostgresConfiguration) throws {
        guard let pq = LibPQConnection.connect(configuration.connectionParameters) else {
            throw PostgresError(.connectionFailed, "libpq could not allocate a connection (out of memory).")
        }
        guard pq.isOK else { throw Self.connectFailure(pq, configuration) }
        self.pq = pq
        self.configuration = configuration
    }

    // MARK: - State

    /// The libpq version this program runs with, e.g. "15.20".
    public static var libraryVersion: String { ConnInfo.libraryVersion }

    /// The server's version string, e.g. "15.20 (Debian 15.20-0+deb12u1)".
    public var serverVersion: String {
        locked { pq.parameterStatus("server_version") ?? "unknown" }
    }

    /// False once the connection is known to be broken. A server that went away
    /// while the connection sat idle is noticed only by the next statement. Waits
    /// while another thread runs a statement on this connection.
    public var isConnected: Bool { locked { pq.isOK } }

    /// The server process serving this connection (for pg_stat_activity, pg_cancel_backend).
    public var backendPID: Int { locked { Int(pq.backendPID) } }

    /// Where this connection goes, as in `PostgresConfiguration.endpointDescription`.
    public var endpointDescription: String {
        locked { PostgresConfiguration.endpoint(host: pq.host, port: pq.port) }
    }

    /// Server notices (NOTICE, WARNING, ...) received since the last call, oldest
    /// first; libpq would print them to stderr, this connection keeps the last 100.
    public func takeNotices() -> [String] {
        locked { pq.takeNotices().map(configuration.masked) }
    }

    // MARK: - Statements

    /// Runs one statement with parameters `$1`, `$2`, ... and returns its rows.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresResult {
        try locked {
            try ensureConnected()
            guard let snapshot = pq.execParams(
                sql, values: parameters.map(\.parameterText), types: parameters.map(\.parameterTypeOID))
            else { throw sendFailure() }
            try check(snapshot)
            return try PostgresResult(snapshot)
        }
    }

    /// Runs one statement with parameters and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> Int {
        try query(sql, parameters).affectedRows
    }

    /// Runs several statements separated by `;` (simple-query protocol, no
    /// parameters), e.g. a migration. Stops at the first error and throws it.
    /// Unless the script has its own BEGIN/COMMIT, the server runs it as one
    /// implicit transaction, so an error undoes the statements before it too.
    public func executeScript(_ sql: String) throws {
        try locked {
            try ensureConnected()
            guard let snapshots = pq.execScript(sql) else { throw sendFailure() }
            for snapshot in snapshots { try check(snapshot) }
            if !pq.isOK { throw lostFailure(nil) }
        }
    }

    // MARK: - Connection loss

    /// Closes and reopens the connection with the same settings, e.g. after
    /// `.connectionLost`. Cancellers made before refer to the old session.
    public func reconnect() throws {
        try locked {
            pq.reset()
            guard pq.isOK else { throw Self.connectFailure(pq, configuration) }
        }
    }

    /// A handle another thread can use to cancel the statement running here.
    public func makeCanceller() throws -> PostgresCanceller {
        try locked {
            guard let cancel = pq.makeCancel() else {
                throw PostgresError(.connectionLost, "Cannot make a canceller: the connection to \(endpointDescription) is closed. Call reconnect() first.")
            }
            return PostgresCanceller(cancel, endpoint: endpointDescription)
        }
    }

    // MARK: - Internals shared with the extensions

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var libpq: LibPQConnection { pq }

    func ensureConnected() throws {
        if streaming {
            throw PostgresError(.usage, "A row stream is still reading a statement on this connection: read it to the end or close it first.")
        }
        if !pq.isOK {
            throw PostgresError(.connectionLost, "The connection to PostgreSQL at \(endpointDescription) was lost earlier. Call reconnect(), and check that the server is running.")
        }
    }

    /// Throws the error a result carries, if any.
    func check(_ snapshot: ResultSnapshot) throws {
        switch snapshot.status {
        case .commandOK, .tuplesOK, .emptyQuery:
            if !pq.isOK { throw lostFailure(nil) }
        case .copyIn:
            throw PostgresError(.usage, "COPY ... FROM STDIN runs through copyIn(_:_:), not query() or executeScript(); the COPY was aborted.")
        case .copyOut, .copyBoth:
            throw PostgresError(.usage, "COPY ... TO STDOUT is not supported here; use query() with SELECT, or copyIn for COPY ... FROM STDIN.")
        case .error, .other:
            throw serverFailure(snapshot.error)
        }
    }

    /// The error for a statement libpq could not even send.
    func sendFailure() -> PostgresError {
        if !pq.isOK { return lostFailure(nil) }
        let text = configuration.masked(pq.errorMessage)
        return PostgresError(.usage, "libpq could not send the statement: \(text)", underlying: text)
    }

    func serverFailure(_ fields: ResultSnapshot.ErrorFields?) -> PostgresError {
        if !pq.isOK { return lostFailure(fields) }
        let mask = configuration.masked
        let primary = fields?.primary.map(mask) ?? mask(pq.errorMessage)
        let code: PostgresError.Code = fields?.sqlState == PostgresError.queryCanceled ? .cancelled : .server
        var error = PostgresError(code, primary.isEmpty ? "The server reported an error without a message." : primary,
                                  sqlState: fields?.sqlState)
        error.fill(from: fields, mask: mask)
        return error
    }

    func lostFailure(_ fields: ResultSnapshot.ErrorFields?) -> PostgresError {
        let mask = configuration.masked
        let libpqText = mask(fields?.full ?? pq.errorMessage)
        let reason = Self.reason(in: libpqText) ?? "the server closed the connection"
        var error = PostgresError(
            .connectionLost,
            "The connection to PostgreSQL at \(endpointDescription) was lost (\(reason)). Call reconnect(), and check that the server is running.",
            sqlState: fields?.sqlState, underlying: libpqText)
        error.fill(from: fields, mask: mask)
        return error
    }

    /// The error for a connection attempt that failed, naming the server and what to check.
    static func connectFailure(_ pq: LibPQConnection, _ configuration: PostgresConfiguration) -> PostgresError {
        let libpqText = configuration.masked(pq.errorMessage)
        let endpoint = PostgresConfiguration.endpoint(host: pq.host, port: pq.port)
        let reason = reason(in: libpqText) ?? "no reason given"
        let lower = libpqText.lowercased()
        let origin = configuration.origin
        let authentication = ["password authentication failed", "authentication failed", "no password supplied",
                              "no pg_hba.conf entry", "pg_hba.conf rejects", "scram"].contains { lower.contains($0) }
        if authentication {
            return PostgresError(
                .authenticationFailed,
                "PostgreSQL at \(endpoint) refused the login: \(reason). Check the user name and password in \(origin).",
                sqlState: lower.contains("password authentication failed") ? PostgresError.invalidPassword : nil,
                underlying: libpqText)
        }
        if lower.contains("fatal:") {
            return PostgresError(
                .connectionFailed,
                "PostgreSQL at \(endpoint) refused the connection: \(reason). Check \(origin).",
                underlying: libpqText)
        }
        return PostgresError(
            .connectionFailed,
            "Could not connect to PostgreSQL at \(endpoint): \(reason). Check \(origin), or start the server.",
            underlying: libpqText)
    }

    /// The gist of a libpq message: its last line that is not an indented hint,
    /// after "failed: ", without the "FATAL:  " prefix.
    static func reason(in libpqText: String) -> String? {
        let lines = libpqText.split(separator: "\n").filter { !$0.hasPrefix("\t") && !$0.allSatisfy(\.isWhitespace) }
        guard var line = lines.last.map(String.init) else { return nil }
        if let range = line.range(of: "failed: ", options: .backwards) { line = String(line[range.upperBound...]) }
        for prefix in ["FATAL:  ", "ERROR:  ", "FATAL: ", "ERROR: "] where line.hasPrefix(prefix) {
            line = String(line.dropFirst(prefix.count))
        }
        line = line.trimmingCharacters(in: .whitespaces)
        while line.hasSuffix(".") { line.removeLast() }
        return line.isEmpty ? nil : line
    }
}

extension PostgresError {
    mutating func fill(from fields: ResultSnapshot.ErrorFields?, mask: (String) -> String) {
        guard let fields else { return }
        severity = fields.severity
        detail = fields.detail.map(mask)
        hint = fields.hint.map(mask)
        position = fields.position
        constraint = fields.constraint
        table = fields.table
        column = fields.column
    }
}
