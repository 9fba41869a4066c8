import CLibPQ
import Foundation

/// Owns one PGconn and makes every libpq call on it. Not thread-safe: the
/// `PostgresConnection` that owns it serialises access.
final class LibPQConnection {
    let conn: OpaquePointer
    private let notices = NoticeCollector()

    /// Connects (blocking, bounded by `connect_timeout`). Returns the handle even
    /// when connecting failed: PQconnectdbParams hands back a PGconn that must be
    /// finished either way, and its error message and host/port say why.
    /// Returns nil only when libpq could not allocate a connection at all.
    static func connect(_ parameters: [(String, String)]) -> LibPQConnection? {
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        // expand_dbname = 0: the parameters are already parsed keywords.
        guard let conn = PQconnectdbParams(keywordArray, valueArray, 0) else { return nil }
        return LibPQConnection(conn)
    }

    private init(_ conn: OpaquePointer) {
        self.conn = conn
        // libpq prints notices (e.g. "NOTICE: table does not exist, skipping") to
        // stderr by default; collect them instead.
        PQsetNoticeProcessor(conn, { context, message in
            guard let context, let message else { return }
            Unmanaged<NoticeCollector>.fromOpaque(context).takeUnretainedValue()
                .append(String(cString: message).trimmingTrailingNewlines())
        }, Unmanaged.passUnretained(notices).toOpaque())
    }

    deinit {
        PQfinish(conn)
    }

    // MARK: - State

    var isOK: Bool { PQstatus(conn) == CONNECTION_OK }

    /// libpq's last error message for this connection, without trailing newlines.
    var errorMessage: String {
        PQerrorMessage(conn).map { String(cString: $0).trimmingTrailingNewlines() } ?? ""
    }

    /// The host (or socket directory) libpq connected to, or last tried.
    var host: String? { PQhost(conn).map { String(cString: $0) } }
    var port: String? { PQport(conn).map { String(cString: $0) } }
    var user: String? { PQuser(conn).map { String(cString: $0) } }
    var database: String? { PQdb(conn).map { String(cString: $0) } }

    /// True when libpq used a password for the connection attempt.
    var usedPassword: Bool { PQconnectionUsedPassword(conn) != 0 }

    /// A server parameter such as "server_version" or "TimeZone".
    func parameterStatus(_ name: String) -> String? {
        PQparameterStatus(conn, name).map { String(cString: $0) }
    }

    var serverVersionNumber: Int { Int(PQserverVersion(conn)) }
    var backendPID: Int32 { PQbackendPID(conn) }

    enum TransactionState {
        case idle, active, inTransaction, failedTransaction, unknown
    }

    var transactionState: TransactionState {
        switch PQtransactionStatus(conn) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// Notices received since the last call, oldest first.
    func takeNotices() -> [String] { notices.take() }

    // MARK: - Statements

    /// One statement with text-format parameters (extended protocol); the values
    /// travel separately from the SQL. nil when libpq could not send it at all.
    func execParams(_ sql: String, values: [String?], types: [UInt32]) -> ResultSnapshot? {
        let copies = values.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let oids: [Oid] = types.map { Oid($0) }
        guard let result = PQexecParams(conn, sql, Int32(values.count), oids, pointers, nil, nil, 0) else {
            return nil
        }
        defer { PQclear(result) }
        let snapshot = ResultSnapshot(result)
        if snapshot.status == .copyIn || snapshot.status == .copyOut || snapshot.status == .copyBoth {
            abandonCopy(snapshot.status)
        }
        return snapshot
    }

    /// Runs one statement over the simple-query protocol and returns its first
    /// result: for `COPY ... FROM STDIN` that is the copy-in state, after which
    /// `putCopyData`/`putCopyEnd` and `drainResults` follow.
    func startCopy(_ sql: String) -> ResultSnapshot? {
        guard let result = PQexec(conn, sql) else { return nil }
        defer { PQclear(result) }
        let snapshot = ResultSnapshot(result)
        if snapshot.status == .copyOut || snapshot.status == .copyBoth {
            abandonCopy(snapshot.status)
        }
        return snapshot
    }

    /// Ends a COPY nobody asked for, so the connection is ready for the next command.
    private func abandonCopy(_ status: ResultSnapshot.Status) {
        if status == .copyIn {
            _ = PQputCopyEnd(conn, "COPY FROM STDIN is only possible through copyIn")
        } else {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(conn, &buffer, 0) > 0 {
                if let buffer { PQfreemem(buffer) }
                buffer = nil
            }
        }
        _ = drainResults()
    }

    /// Sends a script over the simple-query protocol (several statements, no
    /// parameters) and returns every result; libpq returns the results one per
    /// statement, up to the first error. nil when it could not be sent.
    func execScript(_ sql: String) -> [ResultSnapshot]? {
        guard PQsendQuery(conn, sql) == 1 else { return nil }
        return drainResults()
    }

    /// Reads results until libpq says the command is complete. A COPY the
    /// statement started unexpectedly is ended so the connection stays usable.
    func drainResults() -> [ResultSnapshot] {
        var snapshots: [ResultSnapshot] = []
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            let snapshot = ResultSnapshot(result)
            snapshots.append(snapshot)
            switch snapshot.status {
            case .copyIn:
                _ = PQputCopyEnd(conn, "COPY FROM STDIN is only possible through copyIn")
            case .copyOut, .copyBoth:
                var buffer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(conn, &buffer, 0) > 0 {
                    if let buffer { PQfreemem(buffer) }
                    buffer = nil
                }
            default:
                break
            }
            if !isOK { break }
        }
        return snapshots
    }

    // MARK: - COPY FROM STDIN

    /// Sends bytes of COPY data (blocking). False when the connection failed.
    func putCopyData(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        return PQputCopyData(conn, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count)) == 1
    }

    /// Ends the COPY; with an error message the server aborts it instead.
    func putCopyEnd(failing message: String? = nil) -> Bool {
        PQputCopyEnd(conn, message) == 1
    }

    // MARK: - Reconnecting and cancelling

    /// Closes and reopens the connection with the same parameters (blocking).
    func reset() {
        PQreset(conn)
    }

    func makeCancel() -> LibPQCancel? {
        PQgetCancel(conn).map(LibPQCancel.init)
    }
}

/// Collects notices from libpq's callback. Lock-protected although libpq calls
/// it only on the thread using the connection, since `takeNotices` may not be.
private final class NoticeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var notices: [String] = []
    private let limit = 100

    func append(_ notice: String) {
        lock.withLock {
            notices.append(notice)
            if notices.count > limit { notices.removeFirst(notices.count - limit) }
        }
    }

    func take() -> [String] {
        lock.withLock {
            defer { notices = [] }
            return notices
        }
    }
}
