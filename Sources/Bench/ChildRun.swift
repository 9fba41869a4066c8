import ChildProcesses
import Foundation

/// One run of another program, measured as a whole process: wall time,
/// CPU (user + system) from `wait4`'s rusage of that child alone, and peak
/// resident memory. stdin and stdout are files (or /dev/null).
struct ChildRun {
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
    var status: Int32

    /// Runs `arguments[0]` with `arguments`, `environment` added to ours
    /// (or, with `inheriting` false, `environment` alone).
    static func run(_ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
                    stdin: String = "/dev/null", stdout: String = "/dev/null") throws -> ChildRun {
        var merged = inheriting ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { merged[key] = value }
        let start = Date()
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(path: arguments[0], arguments: Array(arguments.dropFirst()), environment: merged,
                                           options: SpawnOptions(stdin: .file(stdin), stdout: .file(stdout), stderr: .inherit,
                                                                 contained: false))
        } catch {
            throw BenchError("cannot start \(arguments[0]): \(error.reason)")
        }
        // Peak memory from /proc (VmHWM of the program's own image): wait4's
        // ru_maxrss would count this process's memory, shared until the exec.
        var peakKB = 0
        while !child.hasExited {
            peakKB = max(peakKB, Self.highWaterKB(child.pid))
            usleep(5_000)
        }
        let termination = child.wait()
        let wall = Date().timeIntervalSince(start)
        guard let cpu = child.cpuSeconds else { throw BenchError("lost \(arguments[0])") }
        return ChildRun(wallSeconds: wall, cpuSeconds: cpu, peakRSSMegabytes: Double(peakKB) / 1024, status: termination.shellStatus)
    }

    /// VmHWM of a running process, in kB (0 when it cannot be read).
    static func highWaterKB(_ pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
