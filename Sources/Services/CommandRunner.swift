import ChildProcesses
import Foundation

/// Runs the server's helper programs (initdb, pg_ctl, runuser) to their end
/// through `ChildProcess.run`: not contained, so the server `pg_ctl start`
/// leaves behind keeps running, and output in files a daemon cannot hold open.
enum CommandRunner {
    /// Runs `executable` with `arguments`, optionally as another user (when we
    /// are root), and waits for it.
    static func run(_ executable: String, _ arguments: [String], asUser user: String? = nil,
                    environment: [String: String]? = nil) throws(ServiceError) -> ChildProcess.Completed {
        var program = executable
        var args = arguments
        if let user {
            program = "/usr/sbin/runuser"
            if !FileManager.default.isExecutableFile(atPath: program) { program = "/sbin/runuser" }
            args = ["-u", user, "--", executable] + arguments
        }
        do {
            return try ChildProcess.run(path: program, arguments: args,
                                        environment: environment ?? ProcessInfo.processInfo.environment)
        } catch {
            throw ServiceError(.serverFailed, "could not run \(program): \(error.reason)", cause: error)
        }
    }

    /// The full path of `name` on PATH, if any.
    static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
