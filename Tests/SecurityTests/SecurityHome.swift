import Foundation
import Postgres
import Services
import Store
import TestSupport

/// A home for the built binary with its own embedded PostgreSQL cluster —
/// the real thing the probes attack: its roles, its grants, its files. One
/// cluster serves the whole target (started once, stopped when the test
/// process exits); each test gets its own work directory and config folder.
final class SecurityHome: @unchecked Sendable {
    let root: URL
    /// Where the cluster lives (`$XDG_DATA_HOME/energiflow/postgres`).
    let cluster: EmbeddedPostgres

    static let shared: SecurityHome = {
        let home = SecurityHome()
        atexit { SecurityHome.shared.stopCluster() }
        return home
    }()

    private init() {
        root = URL(fileURLWithPath: "/tmp/energiflow-security-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        cluster = EmbeddedPostgres(directory: root.appendingPathComponent("data/energiflow/postgres", isDirectory: true))
    }

    private let lock = NSLock()
    private var seeded = false

    /// Starts the cluster through the binary (roles, grants, schema) and puts
    /// two days in energi_daily as the owner role, once.
    func prepare() throws {
        try lock.withLock {
            guard !seeded else { return }
            let work = try Work(self)
            let started = try work.run(["-c", "sql 'select 1 as ready'"])
            guard started.status == 0 else { throw Failure("the embedded store did not start: \(started.stderr)") }
            let owner = try PostgresConnection(try cluster.configuration(role: .owner))
            try owner.executeScript("""
                INSERT INTO energi_daily (day, price_area, avg_price_eur, price_intervals) VALUES
                    ('2024-10-01', 'DK1', 51.25, 24), ('2024-10-02', 'DK1', -3.5, 24)
                ON CONFLICT DO NOTHING
                """)
            seeded = true
        }
    }

    /// A connection as the bootstrap superuser, to check what the probes did not change.
    func admin() throws -> PostgresConnection {
        try PostgresConnection(try cluster.configuration(role: .admin))
    }

    func stopCluster() {
        if let stop = try? Spawned(IngestProcess.binary.path, ["db", "stop", "--data-dir", cluster.directory.path],
                                   environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                                   directory: root, stdin: nil) {
            _ = stop.finish(timeout: 60)
        }
        try? FileManager.default.removeItem(at: root)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// One test's working directory and config folder, sharing the cluster.
struct Work {
    let home: SecurityHome
    let directory: URL
    let config: URL

    init(_ home: SecurityHome) throws {
        self.home = home
        let base = home.root.appendingPathComponent("work-\(UUID().uuidString.prefix(8))", isDirectory: true)
        directory = base.appendingPathComponent("project", isDirectory: true)
        config = base.appendingPathComponent("config", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    }

    /// The environment: the shared cluster's data folder, this test's config; nothing of ours.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": directory.deletingLastPathComponent().path,
            "XDG_DATA_HOME": home.root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": config.path,
            "XDG_STATE_HOME": directory.deletingLastPathComponent().appendingPathComponent("state").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Writes a file below the work directory (folders made); `mode` for programs.
    @discardableResult
    func write(_ text: String, to path: String, mode: Int? = nil) throws -> URL {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path) }
        return url
    }

    /// `energiflow arguments…` in the work directory; killed (and failed) after `timeout`.
    func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
             timeout: TimeInterval = 60) throws -> Finished {
        try Finished.run(IngestProcess.binary.path, arguments, environment: environment(extra), directory: directory,
                         stdin: stdin, timeout: timeout)
    }
}

/// A process that ran to its end (or was killed at its time limit).
struct Finished {
    var status: Int32
    /// Ended by this signal (then `status` is 128 + it).
    var signal: Int32?
    var stdout: String
    var stderr: String
    var timedOut: Bool
    var seconds: TimeInterval

    static func run(_ executable: String, _ arguments: [String], environment: [String: String], directory: URL,
                    stdin: String?, timeout: TimeInterval) throws -> Finished {
        let started = Date()
        let child = try Spawned(executable, arguments, environment: environment, directory: directory, stdin: stdin)
        return child.finish(timeout: timeout, started: started)
    }
}

/// A child process started with posix_spawn, its output read on threads of
/// its own and its end awaited with waitpid — not Foundation's Process,
/// whose exit notification needs a free worker of the dispatch pool, which
/// tests blocked on each other can take all of (two cores here).
final class Spawned: @unchecked Sendable {
    let pid: pid_t
    private let output = Output()
    private let readers = DispatchGroup()

    init(_ executable: String, _ arguments: [String], environment: [String: String], directory: URL, stdin: String?) throws {
        var fds: [Int32] = [-1, -1, -1, -1, -1, -1]
        guard pipe(&fds[0]) == 0, pipe(&fds[2]) == 0, pipe(&fds[4]) == 0 else { throw SecurityHome.Failure("pipe failed") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fds[3], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[5], 2)
        // Nothing else: a file another test is writing (a plugin) must not stay
        // open in the child, or running it fails with "Text file busy".
        if let closeFrom = Spawned.addCloseFrom { _ = closeFrom(&actions, 3) }
        // The child starts in `directory`: through sh, since posix_spawn has no portable chdir.
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child = pid_t()
        let rc = posix_spawn(&child, "/bin/sh", &actions, nil, argv, envp)
        for fd in [fds[0], fds[3], fds[5]] { close(fd) }
        guard rc == 0 else { throw SecurityHome.Failure("cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
        for (fd, isOut) in [(fds[2], true), (fds[4], false)] {
            readers.enter()
            Thread { [output, readers] in
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(fd, &buffer, buffer.count)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { break }
                    data.append(contentsOf: buffer[0..<n])
                }
                close(fd)
                output.set(data, isOut: isOut)
                readers.leave()
            }.start()
        }
        let input = fds[1]
        Thread {
            if let stdin { _ = stdin.utf8CString.withUnsafeBufferPointer { write(input, $0.baseAddress, $0.count - 1) } }
            close(input)
        }.start()
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (Swift does not import it).
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    /// Waits for the end (SIGKILL at `timeout`) and for the output.
    func finish(timeout: TimeInterval, started: Date = Date()) -> Finished {
        var status: Int32 = 0
        var timedOut = false
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline, !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(10_000)
        }
        // A grandchild still holding the pipes must not keep the test either.
        _ = readers.wait(timeout: .now() + (timedOut ? 2 : 30))
        let signal = status & 0x7F
        return Finished(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, signal: signal == 0 ? nil : signal,
                        stdout: output.out, stderr: output.err, timedOut: timedOut, seconds: Date().timeIntervalSince(started))
    }
}

final class Output: @unchecked Sendable {
    private let lock = NSLock()
    private var outData = Data(), errData = Data()
    func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { outData = data } else { errData = data } } }
    var out: String { lock.withLock { String(decoding: outData, as: UTF8.self) } }
    var err: String { lock.withLock { String(decoding: errData, as: UTF8.self) } }
}

/// Whether a process is gone for good: not running and not a zombie.
func isGone(_ pid: Int32) -> Bool {
    pid > 0 && kill(pid, 0) != 0 && errno == ESRCH
}

/// Polls `condition` for up to `seconds`.
func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
