import ChildProcesses
import Foundation

/// EnergiFlow's private PostgreSQL cluster: initdb and pg_ctl of the installed
/// server, data in `directory/data`, listening only on a unix socket in
/// `directory` (no TCP port), trust authentication on that socket, which
/// only the server's user can enter. The server is left running between
/// commands (`energiflow db stop` ends it) so several energiflow processes
/// share one store.
///
/// Three roles (`DatabaseRole`): the bootstrap superuser `energiflow` sets the
/// cluster up and does nothing else; `energiflow_owner` owns the store and
/// writes it; `energiflow_query` reads it (`EmbeddedPostgres+Roles.swift`).
public struct EmbeddedPostgres: Sendable {
    public static let databaseName = "energiflow"
    /// The bootstrap superuser initdb makes (the name clusters made by older versions have).
    public static let roleName = DatabaseRole.admin.embeddedName
    /// Only names the socket file (`.s.PGSQL.5432`); nothing listens on TCP.
    public static let port = 5432

    public var directory: URL
    public var environment: [String: String]

    public init(directory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory.standardizedFileURL
        self.environment = environment
    }

    public var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
    public var logFile: URL { directory.appendingPathComponent("server.log") }

    /// The owner role's URL for the store (what ingest and `energiflow db url` use).
    public var url: String { url(role: .owner) }

    /// A libpq URL for `database` over the cluster's socket, logging in as `role`.
    public func url(role: DatabaseRole = .owner, database: String = Self.databaseName) -> String {
        let host = directory.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? directory.path
        return "postgresql://\(role.embeddedName)@/\(database)?host=\(host)&port=\(Self.port)"
    }

    /// A user-facing state report.
    public struct Status: Sendable, Equatable {
        public var initialized: Bool
        public var running: Bool
        public var pid: Int32?
        public var dataVersion: String?
    }

    /// The unprivileged user the server runs as when we are root.
    var serviceUser: String? {
        guard getuid() == 0 else { return nil }
        return getpwnam("postgres") != nil ? "postgres" : "nobody"
    }

    public func status() -> Status {
        let version = try? String(contentsOf: dataDirectory.appendingPathComponent("PG_VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = runningPID()
        return Status(initialized: version != nil, running: pid != nil, pid: pid, dataVersion: version)
    }

    /// Creates the cluster if needed and starts it if it is not running.
    /// Returns true when this call started it.
    @discardableResult
    public func start() throws -> Bool {
        let binaries = try PostgresServerBinaries.locate(environment: environment)
        try checkDataVersion(against: binaries)  // before touching anything
        try prepareDirectory()
        return try withStartLock {
            if status().running { return false }
            if !status().initialized { try initialize(binaries) }
            try launch(binaries)
            return true
        }
    }

    /// Stops a running server (fast shutdown). Returns true when one was running.
    @discardableResult
    public func stop() throws -> Bool {
        guard status().running else { return false }
        let binaries = try PostgresServerBinaries.locate(environment: environment)
        let result = try CommandRunner.run(binaries.pgCtl, ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"], asUser: serviceUser)
        guard result.status == 0 else {
            throw ServiceError(.serverFailed, "could not stop the embedded PostgreSQL in \(directory.path): \(result.combined)", cause: result.failure)
        }
        return true
    }

    // MARK: - Steps

    private func prepareDirectory() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ServiceError(.dataDirectory, "cannot create the data directory \(directory.path): \(error.localizedDescription); choose another with --data-dir", cause: error)
        }
        if let user = serviceUser {
            // The server's user must own the folder (it holds the socket) and reach it.
            let owned = try CommandRunner.run("/bin/chown", [user, directory.path])
            let reachable = try CommandRunner.run("/usr/bin/test", ["-w", directory.path, "-a", "-x", directory.path], asUser: user)
            guard owned.status == 0, reachable.status == 0 else {
                throw ServiceError(.dataDirectory,
                    "the PostgreSQL server runs as the unprivileged user '\(user)', which cannot reach \(directory.path); choose a data directory it can enter with --data-dir (e.g. /var/lib/energiflow/postgres)")
            }
        } else if !fm.isWritableFile(atPath: directory.path) {
            throw ServiceError(.dataDirectory, "the data directory \(directory.path) is not writable; fix its permissions or choose another with --data-dir")
        }
    }

    /// A data directory made by another major version is left untouched.
    private func checkDataVersion(against binaries: PostgresServerBinaries) throws {
        guard let version = status().dataVersion else {
            let fm = FileManager.default
            if let contents = try? fm.contentsOfDirectory(atPath: dataDirectory.path), !contents.isEmpty {
                throw ServiceError(.dataDirectory, "\(dataDirectory.path) is not empty but holds no PostgreSQL cluster; move it away or choose another --data-dir (nothing was changed)")
            }
            return
        }
        guard version == binaries.majorVersion else {
            throw ServiceError(.dataDirectory,
                "the data directory \(dataDirectory.path) belongs to PostgreSQL \(version) but the installed server is \(binaries.majorVersion); install PostgreSQL \(version) or choose another --data-dir (the directory was left untouched)")
        }
    }

    private func initialize(_ binaries: PostgresServerBinaries) throws {
        let result = try CommandRunner.run(binaries.initdb, [
            "-D", dataDirectory.path, "-U", Self.roleName, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        ], asUser: serviceUser)
        guard result.status == 0 else {
            throw ServiceError(.serverFailed, "initdb failed in \(dataDirectory.path): \(Self.lastLines(result.combined))", cause: result.failure)
        }
    }

    private func launch(_ binaries: PostgresServerBinaries) throws {
        // Unix socket only, in our own folder; modest memory; this is a private store.
        let options = "-k '\(directory.path)' -p \(Self.port) -c listen_addresses='' -c unix_socket_permissions=0700"
        let result = try CommandRunner.run(binaries.pgCtl, [
            "-D", dataDirectory.path, "-l", logFile.path, "-o", options, "-w", "-t", "60", "start",
        ], asUser: serviceUser)
        guard result.status == 0 else {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw ServiceError(.serverFailed,
                "the embedded PostgreSQL did not start: \(Self.lastLines(log.isEmpty ? result.combined : log)) (log: \(logFile.path))", cause: result.failure)
        }
    }

    /// The postmaster's pid when it is alive (from postmaster.pid). A server
    /// that ended but was not reaped still answers kill(0). It can be this
    /// process's own child: a plugin makes EnergiFlow a child subreaper, and
    /// the server, started through pg_ctl, is then re-parented here; such a
    /// zombie is reaped (nothing else waits for it).
    private func runningPID() -> Int32? {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)) else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return ProcessSweep.reapIfZombie(pid) ? nil : pid
    }

    /// Serialises start-up between energiflow processes.
    private func withStartLock<T>(_ body: () throws -> T) throws -> T {
        let lockPath = directory.appendingPathComponent(".start.lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func lastLines(_ text: String, count: Int = 3) -> String {
        text.split(separator: "\n").suffix(count).joined(separator: " / ")
    }
}
