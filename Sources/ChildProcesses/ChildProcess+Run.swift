import Foundation

extension ChildProcess {
    /// What a program run to its end wrote, and how it ended.
    public struct Completed: Sendable {
        /// The program's path.
        public var program: String
        public var termination: Termination
        public var stdout: String
        public var stderr: String

        /// The exit status as a shell reports it (128 + the signal for a killed one).
        public var status: Int32 { termination.shellStatus }
        /// Both outputs, trimmed: for messages.
        public var combined: String { (stdout + stderr).trimmingCharacters(in: .whitespacesAndNewlines) }
        /// The run as an error when it did not exit with 0, for a caller's `cause`.
        public var failure: ProgramError? {
            termination == .exited(0) ? nil : ProgramError(program: program, termination: termination, output: combined)
        }
    }

    /// Runs `path` to its end, not contained (see `SpawnOptions.contained`),
    /// stdin /dev/null, and returns what it wrote. Output goes to temporary
    /// files rather than pipes, so a server it starts, which inherits them,
    /// cannot keep us waiting for their end.
    public static func run(path: String, arguments: [String], environment: [String: String]) throws(SpawnError) -> Completed {
        let directory = FileManager.default.temporaryDirectory
        let out = directory.appendingPathComponent("energiflow-\(UUID().uuidString).out")
        let err = directory.appendingPathComponent("energiflow-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let child = try spawn(path: path, arguments: arguments, environment: environment,
                              options: SpawnOptions(stdin: .nullDevice, stdout: .file(out.path), stderr: .file(err.path),
                                                    contained: false))
        let termination = child.wait()
        return Completed(program: path, termination: termination,
                         stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
