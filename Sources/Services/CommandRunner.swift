import Foundation

/// Runs helper programs (initdb, pg_ctl, runuser) and captures their output.
enum CommandRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var combined: String { (stdout + stderr).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` with `arguments`, optionally as another user (when we
    /// are root), and waits for it. Output goes to temporary files rather than
    /// pipes so a server that inherits them cannot keep us waiting.
    static func run(_ executable: String, _ arguments: [String], asUser user: String? = nil,
                    environment: [String: String]? = nil) throws -> Output {
        var program = executable
        var args = arguments
        if let user {
            program = "/usr/sbin/runuser"
            if !FileManager.default.isExecutableFile(atPath: program) { program = "/sbin/runuser" }
            args = ["-u", user, "--", executable] + arguments
        }
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("energiflow-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("energiflow-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let status = try spawnAndWait(program, args, stdout: outURL.path, stderr: errURL.path, environment: environment)
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Output(status: status, stdout: out, stderr: err)
    }

    /// posix_spawn + waitpid. Foundation's Process can miss the exit of a
    /// child whose grandchild (a daemonised server) lives on, and then waits forever.
    private static func spawnAndWait(_ program: String, _ arguments: [String], stdout: String, stderr: String,
                                     environment: [String: String]?) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_TRUNC, 0o600)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, env)
        guard spawned == 0 else {
            throw ServiceError(.serverFailed, "could not run \(program): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
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
