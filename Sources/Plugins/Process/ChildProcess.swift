#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A plugin process started with posix_spawn, in a process group of its own,
/// with pipes for stdout and stderr and either a pipe or /dev/null for stdin.
///
/// Why not Foundation's Process: it can hang waiting for a pipe that a
/// grandchild keeps open, and it cannot kill a whole process group. Here a
/// kill (timeout, cancel, bad output) goes to the group, so a shell script's
/// children die with it.
///
/// Our ends of the pipes are non-blocking and close-on-exec (other
/// processes spawned at the same time must not inherit them, or the plugin
/// would never see the end of its input).
///
/// Every process gets a marker in its environment (`ProcessSweep`), so what
/// it leaves behind — in its group or not — is found, killed and reaped when
/// it ends (`ChildProcess+Leftovers.swift`). Live processes are registered,
/// so `terminateAll()` can stop them when EnergiFlow itself is stopped.
final class ChildProcess: @unchecked Sendable {
    enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
    }

    struct SpawnFailure: Error, Sendable {
        var errno: Int32
        var what: String
    }

    let pid: pid_t
    /// Our write end of the plugin's stdin; nil when stdin is /dev/null.
    /// Owned by whoever writes (the writer thread closes it).
    let stdinFD: Int32?
    let stdoutFD: Int32
    let stderrFD: Int32
    /// `ENERGIFLOW_PLUGIN_RUN=<unique>` as bytes, as it appears in /proc/PID/environ.
    let marker: [UInt8]

    let lock = NSLock()
    private var termination: Termination?
    private(set) var reaped = false
    /// Processes the leftover sweeps killed, to reap; and those found outside the group.
    var killedLeftovers = Set<pid_t>()
    var escapedLeftovers: [EscapedProcess] = []

    private init(pid: pid_t, stdinFD: Int32?, stdoutFD: Int32, stderrFD: Int32, marker: [UInt8]) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.marker = marker
    }

    /// Starts `path` with `arguments` (argv[1...]) and exactly `environment`.
    /// With `pipeStdin` false the child's stdin is /dev/null (a source plugin).
    static func spawn(path: String, arguments: [String], environment: [String: String],
                      pipeStdin: Bool) throws(SpawnFailure) -> ChildProcess {
        // Where pipe2 is missing, a pipe is briefly not close-on-exec; our own
        // spawns wait for each other so none inherits another's pipes.
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var opened: [Int32] = []
        func closeAll() { for fd in opened { _ = close(fd) } }

        var stdinPipe: (read: Int32, write: Int32)?
        if pipeStdin {
            guard let p = makePipe() else { closeAll(); throw SpawnFailure(errno: errno, what: "pipe") }
            stdinPipe = p
            opened += [p.read, p.write]
        }
        guard let out = makePipe() else { let e = errno; closeAll(); throw SpawnFailure(errno: e, what: "pipe") }
        opened += [out.read, out.write]
        guard let err = makePipe() else { let e = errno; closeAll(); throw SpawnFailure(errno: e, what: "pipe") }
        opened += [err.read, err.write]

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

        if let p = stdinPipe {
            posix_spawn_file_actions_adddup2(&actions, p.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        // Nothing else reaches the plugin, even descriptors others opened without close-on-exec.
        if let closeFrom = GNU.addCloseFrom { _ = closeFrom(&actions, 3) }

        // Own process group (so a kill reaches grandchildren and the terminal's
        // Ctrl-C does not: the REPL cancels instead), default signal handlers
        // (we may ignore SIGPIPE; the plugin should not inherit that), no mask.
        var flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, s)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)

        // Re-parent orphaned descendants here (Linux), so they can be reaped.
        _ = ProcessSweep.subreaper
        let marker = "\(ProcessSweep.markerVariable)=\(getpid())-\(nextRunNumber())-\(UInt32.random(in: 0...UInt32.max))"
        var environment = environment
        environment[ProcessSweep.markerVariable] = nil
        let argv = CStringArray([path] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted() + [marker])
        defer { argv.free(); envp.free() }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers)
        guard rc == 0 else {
            closeAll()
            throw SpawnFailure(errno: rc, what: "posix_spawn")
        }
        // The child's ends belong to the child now.
        if let p = stdinPipe { _ = close(p.read) }
        _ = close(out.write)
        _ = close(err.write)
        if let p = stdinPipe { setNonBlocking(p.write) }
        setNonBlocking(out.read)
        setNonBlocking(err.read)
        let child = ChildProcess(pid: pid, stdinFD: stdinPipe?.write, stdoutFD: out.read, stderrFD: err.read,
                                 marker: Array(marker.utf8))
        LiveProcesses.shared.add(child)
        return child
    }

    /// SIGKILL to the whole process group, unless the process was already reaped
    /// (then its id may belong to someone else).
    func killGroup() {
        lock.lock()
        defer { lock.unlock() }
        guard !reaped else { return }
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)  // in case setpgid had not happened (it has, with POSIX_SPAWN_SETPGROUP)
    }

    /// Blocks until the process has ended, kills whatever it left behind
    /// (its group's stray grandchildren while the zombie still holds the group
    /// id, and marked processes that left the group), reaps it and them.
    /// Safe to call more than once.
    @discardableResult
    func wait() -> Termination {
        lock.lock()
        if let t = termination { lock.unlock(); return t }
        lock.unlock()

        // Wait without reaping, so the group id cannot be reused before the kill below.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}

        lock.lock()
        defer { lock.unlock() }
        if let t = termination { return t }
        stopLeftoversLocked()
        defer {
            LiveProcesses.shared.remove(self)
            reapLeftoversLocked()
        }
        var status: Int32 = 0
        var r: pid_t
        repeat { r = waitpid(pid, &status, 0) } while r < 0 && errno == EINTR
        reaped = true
        let t: Termination
        if r < 0 {
            t = .exited(-1)  // someone else reaped it (a SIGCHLD handler); nothing better to say
        } else if status & 0x7F == 0 {
            t = .exited((status >> 8) & 0xFF)
        } else {
            t = .signaled(status & 0x7F)
        }
        termination = t
        return t
    }

    /// Whether the process has ended (without blocking, without reaping).
    var hasExited: Bool {
        lock.lock()
        defer { lock.unlock() }
        if termination != nil { return true }
        var info = siginfo_t()
        let r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG)
        return r == 0 && ChildProcess.pidOf(info) == pid
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
    static func signalName(_ signal: Int32) -> String {
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
