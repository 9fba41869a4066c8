#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What a contained process (a plugin) leaves behind when it ends:
/// background children in its process group (which may hold its stdout
/// open, so EnergiFlow would never see the end of its output) and processes
/// that escaped the group with `setsid`. When it ends, or is killed, they
/// are killed too, and reaped once they are EnergiFlow's (see
/// `ProcessSweep`). Escapes are kept in `escaped` for the caller to report.
extension ChildProcess {
    /// How many times a sweep looks again for processes that are still alive
    /// (a process may fork while it is being killed).
    static let sweepRounds = 20
    /// How long reaping waits for killed processes to end and be re-parented here.
    static let reapWait: TimeInterval = 1

    /// Processes that left the plugin's process group and were killed, so far.
    public var escaped: [EscapedProcess] {
        lock.lock()
        defer { lock.unlock() }
        return escapedLeftovers
    }

    /// Kills the group and every process carrying the run's marker; for a
    /// plugin that has ended while something still holds its pipes. Does
    /// nothing once the plugin was reaped (its ids may belong to others by
    /// then), or for a process that is not contained.
    public func stopLeftovers() {
        lock.lock()
        defer { lock.unlock() }
        guard !reaped, contained else { return }
        stopLeftoversLocked()
    }

    /// `stopLeftovers` with the lock held.
    func stopLeftoversLocked() {
        _ = kill(-pid, SIGKILL)
        guard ProcessSweep.isSupported else { return }
        let me = getpid()
        for round in 0..<Self.sweepRounds {
            var found = false
            for entry in ProcessSweep.entries() where entry.pid != pid && entry.pid != me && !entry.isZombie {
                let inGroup = entry.group == pid
                guard inGroup || ProcessSweep.environment(of: entry.pid, contains: marker) else { continue }
                if !inGroup, !escapedLeftovers.contains(where: { $0.pid == entry.pid }) {
                    let command = ProcessSweep.commandLine(of: entry.pid) ?? entry.command
                    escapedLeftovers.append(EscapedProcess(pid: entry.pid, command: command))
                }
                _ = kill(entry.pid, SIGKILL)
                killedLeftovers.insert(entry.pid)
                found = true
            }
            if !found { break }
            if round > 0 { usleep(5_000) }
        }
    }

    /// Reaps what the sweeps killed, and zombies of the group re-parented
    /// here, once they are this process's children (as a subreaper). Gives
    /// up after `reapWait` on any that never become ours (no subreaper).
    func reapLeftoversLocked() {
        guard ProcessSweep.isSupported else { return }
        let me = getpid()
        var pending = killedLeftovers
        for entry in ProcessSweep.entries() where entry.parent == me && entry.group == pid && entry.isZombie && entry.pid != pid {
            pending.insert(entry.pid)
        }
        killedLeftovers = []
        guard ProcessSweep.subreaper else { return }
        let deadline = Date().addingTimeInterval(Self.reapWait)
        while !pending.isEmpty && Date() < deadline {
            for leftover in pending {
                var status: Int32 = 0
                let r = waitpid(leftover, &status, WNOHANG)
                if r == leftover || (r < 0 && errno == ECHILD && ProcessSweep.entry(leftover) == nil) {
                    pending.remove(leftover)
                }
            }
            if !pending.isEmpty { usleep(2_000) }
        }
    }

    /// Stops every contained process still running, with what each left
    /// behind, and reaps them: for when EnergiFlow is told to stop (SIGTERM,
    /// SIGHUP), so nothing a plugin started outlives it.
    public static func terminateAll() {
        for child in LiveProcesses.shared.all() {
            child.killGroup()
            child.wait()
        }
    }
}

/// The contained processes spawned and not yet reaped.
final class LiveProcesses: @unchecked Sendable {
    static let shared = LiveProcesses()
    private let lock = NSLock()
    private var children: [pid_t: ChildProcess] = [:]

    func add(_ child: ChildProcess) { lock.withLock { children[child.pid] = child } }
    func remove(_ child: ChildProcess) { lock.withLock { if children[child.pid] === child { children[child.pid] = nil } } }
    func all() -> [ChildProcess] { lock.withLock { Array(children.values) } }
}
