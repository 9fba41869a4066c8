#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process started with posix_spawn: every program EnergiFlow runs
/// (plugins, initdb, pg_ctl, runuser, the benchmark's runs) starts here, and
/// its wait status is decoded here, once.
///
/// Two kinds, chosen by `SpawnOptions.contained`:
///
/// - **Contained** (plugins): a process group of its own, so a kill
///   (timeout, cancel, bad output) reaches a shell script's children and the
///   terminal's Ctrl-C does not (the REPL cancels instead). Every process
///   gets a marker in its environment (`ProcessSweep`), so what it leaves
///   behind — in its group or not — is found, killed and reaped when it ends
///   (`ChildProcess+Leftovers.swift`). Live ones are registered, so
///   `terminateAll()` can stop them when EnergiFlow itself is stopped.
/// - **Not contained** (initdb, pg_ctl): EnergiFlow's own process group, and
///   what it starts lives on — `pg_ctl start` leaves the server running on
///   purpose.
///
/// Both get default signal handlers (EnergiFlow ignores SIGPIPE; a child
/// should not inherit that), an empty signal mask, and no descriptor of ours
/// beyond 0, 1 and 2. Our ends of pipes are non-blocking and close-on-exec
/// (other processes spawned at the same time must not inherit them, or the
/// plugin would never see the end of its input).
///
/// Why not Foundation's Process: it can hang waiting for a pipe that a
/// grandchild keeps open, and it cannot kill a whole process group.
///
/// Why not swift-subprocess (1.0.2, weighed for issue 17): it has process
/// groups, teardown sequences and pipe handling that does not hang on a
/// grandchild, but
/// 1. its API is `async` and scoped: the `Execution` is valid only inside
///    `run`'s closure. EnergiFlow's pipelines are pulled synchronously, a
///    row at a time, on the caller's thread (`PluginRun.next()`), and the
///    embedded PostgreSQL is set up from synchronous code; both would need a
///    thread blocked on an async task to bridge, the pattern Swift
///    concurrency warns against;
/// 2. it reaps the child itself as `run` returns, while the leftover sweep
///    must kill the group *before* the reap (the unreaped zombie keeps its
///    process-group id from being reused, so `kill(-pgid)` cannot hit a
///    stranger's group);
/// 3. it knows only the child and its group: processes that left the group
///    (`setsid`) are not found, and a child subreaper is not set up, so the
///    marker, the /proc sweep and the reaping of re-parented processes would
///    remain ours anyway — as would `terminateAll()`, which needs the live
///    processes from a signal handler's thread, outside any closure.
/// What it would have replaced (spawning and status decoding) is the small
/// part; it would have added two packages (and swift-system) for it.
public final class ChildProcess: @unchecked Sendable {
    /// How a process ended.
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)

        /// As a shell reports it: the exit status, or 128 + the signal.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let status): return status
            case .signaled(let signal): return 128 + signal
            }
        }
    }

    public let pid: pid_t
    /// Our write end of the child's stdin when it is `.pipe`. Owned by
    /// whoever writes (`ProcessSession`'s writer thread closes it).
    public let stdinFD: Int32?
    /// Our read ends of stdout and stderr when they are `.pipe`.
    public let stdoutFD: Int32?
    public let stderrFD: Int32?
    /// Whether it runs contained (see the type's comment).
    public let contained: Bool
    /// `ENERGIFLOW_PLUGIN_RUN=<unique>` as bytes, as it appears in /proc/PID/environ;
    /// empty when not contained.
    let marker: [UInt8]

    let lock = NSLock()
    private var termination: Termination?
    private var usage: rusage?
    private(set) var reaped = false
    /// Processes the leftover sweeps killed, to reap; and those found outside the group.
    var killedLeftovers = Set<pid_t>()
    var escapedLeftovers: [EscapedProcess] = []

    private init(pid: pid_t, stdinFD: Int32?, stdoutFD: Int32?, stderrFD: Int32?, contained: Bool, marker: [UInt8]) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.contained = contained
        self.marker = marker
    }

    /// Starts `path` with `arguments` (argv[1...]) and exactly `environment`
    /// (plus the run marker when contained).
    public static func spawn(path: String, arguments: [String], environment: [String: String],
                             options: SpawnOptions = SpawnOptions()) throws(SpawnError) -> ChildProcess {
        // Where pipe2 is missing, a pipe is briefly not close-on-exec; our own
        // spawns wait for each other so none inherits another's pipes.
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var ours: [Int32] = []     // our ends of pipes: kept on success
        var theirs: [Int32] = []   // the child's ends: closed here once it has them
        func closeAll() { for fd in ours + theirs { _ = close(fd) } }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var ends: [Int32?] = [nil, nil, nil]
        for (target, stream) in [options.stdin, options.stdout, options.stderr].enumerated() {
            let reading = target == 0
            switch stream {
            case .pipe:
                guard let p = makePipe() else { let e = errno; closeAll(); throw SpawnError(errno: e, what: "pipe") }
                let (child, parent) = reading ? (p.read, p.write) : (p.write, p.read)
                ours.append(parent)
                theirs.append(child)
                ends[target] = parent
                posix_spawn_file_actions_adddup2(&actions, child, Int32(target))
            case .nullDevice:
                posix_spawn_file_actions_addopen(&actions, Int32(target), "/dev/null", reading ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                let flags = reading ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC
                posix_spawn_file_actions_addopen(&actions, Int32(target), path, flags, 0o600)
            case .inherit:
                break
            }
        }
        // Nothing else reaches the child, even descriptors others opened without close-on-exec.
        if let closeFrom = GNU.addCloseFrom { _ = closeFrom(&actions, 3) }

        // Default signal handlers and no mask; a group of its own when contained.
        var flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        if options.contained { flags |= Int32(POSIX_SPAWN_SETPGROUP) }
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        if options.contained { posix_spawnattr_setpgroup(&attributes, 0) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, s)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)

        var environment = environment
        var marker = ""
        if options.contained {
            // Re-parent orphaned descendants here (Linux), so they can be reaped.
            _ = ProcessSweep.subreaper
            marker = "\(ProcessSweep.markerVariable)=\(getpid())-\(nextRunNumber())-\(UInt32.random(in: 0...UInt32.max))"
            environment[ProcessSweep.markerVariable] = nil
        }
        let argv = CStringArray([path] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted() + (marker.isEmpty ? [] : [marker]))
        defer { argv.free(); envp.free() }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers)
        guard rc == 0 else {
            closeAll()
            throw SpawnError(errno: rc, what: "posix_spawn")
        }
        // The child's ends belong to the child now.
        for fd in theirs { _ = close(fd) }
        for fd in ours { setNonBlocking(fd) }
        let child = ChildProcess(pid: pid, stdinFD: ends[0], stdoutFD: ends[1], stderrFD: ends[2],
                                 contained: options.contained, marker: Array(marker.utf8))
        if options.contained { LiveProcesses.shared.add(child) }
        return child
    }

    /// SIGKILL to the process (and its whole group when contained), unless
    /// it was already reaped (then its id may belong to someone else).
    public func killGroup() {
        lock.lock()
        defer { lock.unlock() }
        guard !reaped else { return }
        if contained { _ = kill(-pid, SIGKILL) }
        _ = kill(pid, SIGKILL)  // in case setpgid had not happened (it has, with POSIX_SPAWN_SETPGROUP)
    }

    /// Blocks until the process has ended, kills whatever a contained one
    /// left behind (its group's stray grandchildren while the zombie still
    /// holds the group id, and marked processes that left the group), reaps
    /// it and them. Safe to call more than once.
    @discardableResult
    public func wait() -> Termination {
        lock.lock()
        if let t = termination { lock.unlock(); return t }
        lock.unlock()

        // Wait without reaping, so the group id cannot be reused before the kill below.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}

        lock.lock()
        defer { lock.unlock() }
        if let t = termination { return t }
        if contained { stopLeftoversLocked() }
        defer {
            if contained {
                LiveProcesses.shared.remove(self)
                reapLeftoversLocked()
            }
        }
        var status: Int32 = 0
        var resources = rusage()
        var r: pid_t
        repeat { r = wait4(pid, &status, 0, &resources) } while r < 0 && errno == EINTR
        reaped = true
        let t: Termination
        if r < 0 {
            t = .exited(-1)  // someone else reaped it (a SIGCHLD handler); nothing better to say
        } else {
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
            t = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
            usage = resources
        }
        termination = t
        return t
    }

    /// Whether the process has ended (without blocking, without reaping).
    public var hasExited: Bool {
        lock.lock()
        defer { lock.unlock() }
        if termination != nil { return true }
        var info = siginfo_t()
        let r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG)
        return r == 0 && ChildProcess.pidOf(info) == pid
    }

    /// User plus system CPU seconds the process used, once `wait()` reaped it.
    public var cpuSeconds: Double? {
        lock.lock()
        defer { lock.unlock() }
        guard let usage else { return nil }
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    private static func pidOf(_ info: siginfo_t) -> pid_t {
        #if canImport(Glibc)
        return info._sifields._sigchld.si_pid
        #else
        return info.si_pid
        #endif
    }

    // MARK: Helpers

    private static func makePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = GNU.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
            return (fds[0], fds[1])
        }
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    private static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    /// The name of a signal for messages: `SIGKILL (9)`.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
            SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
        ]
        return names[signal].map { "\($0) (\(signal))" } ?? "signal \(signal)"
    }
}

private let spawnLock = NSLock()

/// A number per spawn in this process, for the run marker.
private let runCounter = LockedCounter()
private func nextRunNumber() -> Int { runCounter.next() }

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// GNU extensions that Swift's Glibc module does not import (they need
/// _GNU_SOURCE), looked up at run time; nil where the C library lacks them.
private enum GNU {
    #if canImport(Glibc)
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
    #else
    static let pipe2: ((UnsafeMutablePointer<Int32>, Int32) -> Int32)? = nil
    static let addCloseFrom: ((UnsafeMutablePointer<posix_spawn_file_actions_t?>, Int32) -> Int32)? = nil
    #endif
}

/// A NULL-terminated array of C strings for argv/envp; `free` releases it.
private struct CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func free() {
        for p in pointers { Foundation.free(p) }
    }
}
