import Foundation
import Postgres

/// CPU seconds spent by the processes a benchmark runs against, read from
/// /proc (Linux). On a shared or small machine the wall-clock rates swing with
/// whatever else runs; CPU time per record says where the work goes and
/// changes far less from run to run.
enum CPUTime {
    /// User + system seconds of the children this process has waited for
    /// (the consumer, once `waitUntilExit` returned).
    static func waitedChildren() -> Double {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
        #else
        guard getrusage(RUSAGE_CHILDREN, &usage) == 0 else { return 0 }
        #endif
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User + system seconds of this process so far.
    static func ownProcess() -> Double {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        #endif
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User + system seconds of a local PostgreSQL server: the postmaster, its
    /// live children and (through the postmaster's `cutime`/`cstime`) the
    /// backends that have already exited. Nil when the server is not local or
    /// /proc cannot be read.
    static func postgresServer(_ connection: PostgresConnection) -> Double? {
        guard let directory = try? connection.query("SHOW data_directory").scalar?.string,
              let pidFile = try? String(contentsOfFile: directory + "/postmaster.pid", encoding: .utf8),
              let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int($0) }),
              let own = stat(postmaster)
        else { return nil }
        var total = own.ticks + own.childTicks
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in processes {
            guard let pid = Int(entry), pid != postmaster, let process = stat(pid), process.parent == postmaster else { continue }
            total += process.ticks
        }
        return Double(total) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private struct Stat {
        var parent: Int
        /// utime + stime.
        var ticks: Int
        /// cutime + cstime: children waited for.
        var childTicks: Int
    }

    /// Fields of /proc/PID/stat (after the command name, which may hold spaces).
    private static func stat(_ pid: Int) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        // After ")": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 15, let parent = Int(fields[1]),
              let utime = Int(fields[11]), let stime = Int(fields[12]),
              let cutime = Int(fields[13]), let cstime = Int(fields[14])
        else { return nil }
        return Stat(parent: parent, ticks: utime + stime, childTicks: cutime + cstime)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}
