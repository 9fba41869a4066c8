import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of another program, measured as a whole process: wall time,
/// CPU (user + system) and peak resident memory, from `wait4`'s rusage of
/// that child alone. stdin and stdout are files (or /dev/null).
struct ChildRun {
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
    var status: Int32

    /// Runs `arguments[0]` with `arguments`, `environment` added to ours
    /// (or, with `inheriting` false, `environment` alone).
    static func run(_ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
                    stdin: String = "/dev/null", stdout: String = "/dev/null") throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var merged = inheriting ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { merged[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        // Peak memory from /proc (VmHWM of the program's own image): wait4's
        // ru_maxrss would count this process's memory, shared until the exec.
        var peakKB = 0
        while true {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            guard waited == 0 else { throw BenchError("lost \(arguments[0])") }
            peakKB = max(peakKB, Self.highWaterKB(pid))
            usleep(5_000)
        }
        let wall = Date().timeIntervalSince(start)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(wallSeconds: wall, cpuSeconds: cpu, peakRSSMegabytes: Double(peakKB) / 1024, status: exit)
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
