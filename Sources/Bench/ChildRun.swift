import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end and measures it from outside, as `time -v`
/// would: wall-clock seconds, CPU (wait4's rusage, which Foundation's
/// Process does not give) and the peak resident memory of that process alone.
enum ChildRun {
    struct Outcome {
        var status: Int32
        var seconds: Double
        /// Peak resident set size (VmHWM), bytes.
        var peakRSS: Int
        var cpuSeconds: Double
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    stdout: Int32 = STDERR_FILENO, stderr: Int32 = STDERR_FILENO) throws -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stderr, STDERR_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        // The peak is read from /proc while it runs: wait4's ru_maxrss would
        // count the moments before exec, when the child still shares this
        // (large) benchmark process's memory.
        let peak = PeakWatcher(pid: pid)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(executable) failed") }
        }
        peak.stop()
        let seconds = StoreConsumer.seconds(ContinuousClock.now - start)
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Outcome(status: exit, seconds: seconds, peakRSS: peak.bytes, cpuSeconds: cpu)
    }
}

/// Reads a process's VmHWM (its peak resident memory since exec) every
/// 20 ms until stopped, keeping the largest.
final class PeakWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var stopped = false

    init(pid: pid_t) {
        Thread.detachNewThread { [self] in
            while !lock.withLock({ stopped }) {
                if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                   let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                    lock.withLock { peak = max(peak, kilobytes * 1024) }
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    func stop() { lock.withLock { stopped = true } }

    var bytes: Int { lock.withLock { peak } }
}
