import ChildProcesses
import Foundation
import Testing

/// The one way EnergiFlow starts a program, with real child processes: what
/// `run` captures, how endings are decoded, and the difference between a
/// contained process (a plugin: what it leaves behind is killed) and one that
/// is not (pg_ctl: the server it starts lives on). Plugins' own tests
/// (LeftoverProcessTests, PluginRunTests) cover timeouts, setsid escapes and
/// pipes a grandchild holds.
@Suite struct ChildProcessTests {
    /// Whether `pid` is a live process (not gone, not a zombie).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    @Test func runCapturesBothOutputsAndTheExitStatus() throws {
        let result = try ChildProcess.run(path: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"], environment: [:])
        #expect(result.termination == .exited(3))
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(result.combined == "out\nerr")
        #expect(result.failure?.description == "/bin/sh exited with status 3: out\nerr")
    }

    @Test func aSuccessfulRunIsNoFailure() throws {
        let result = try ChildProcess.run(path: "/bin/sh", arguments: ["-c", "printf 'é'"], environment: [:])
        #expect(result.termination == .exited(0))
        #expect(result.failure == nil)
        #expect(result.stdout == "é")
    }

    @Test func aSignalIsDecodedAndReportedAsAShellDoes() throws {
        let result = try ChildProcess.run(path: "/bin/sh", arguments: ["-c", "kill -TERM $$"], environment: [:])
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.status == 128 + SIGTERM)
        #expect(result.failure?.description == "/bin/sh was killed by SIGTERM (15)")
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() throws {
        let result = try ChildProcess.run(path: "/usr/bin/env", arguments: [], environment: ["ONLY": "this"])
        #expect(result.stdout == "ONLY=this\n")
    }

    @Test func aMissingProgramIsASpawnError() {
        #expect {
            _ = try ChildProcess.run(path: "/nonexistent/energiflow-test", arguments: [], environment: [:])
        } throws: { error in
            guard let error = error as? SpawnError else { return false }
            return error.isMissing && error.what == "posix_spawn" && error.description == "posix_spawn failed: No such file or directory"
        }
    }

    /// `pg_ctl start` leaves a server behind that keeps the output files
    /// open: `run` returns when pg_ctl ends, and the server goes on.
    @Test func runIsNotHeldByWhatItLeavesRunning() throws {
        let started = Date()
        let result = try ChildProcess.run(path: "/bin/sh", arguments: ["-c", "sleep 30 & echo $!"], environment: [:])
        let pid = try #require(Int32(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(pid, SIGKILL) }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(Self.isRunning(pid))
    }

    /// A contained process's background child is killed when it ends, and
    /// the process ran in a group of its own.
    @Test func aContainedProcessLeavesNothingRunning() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let child = try ChildProcess.spawn(path: "/bin/sh", arguments: ["-c", "sleep 30 & echo $! $(ps -o pgid= -p $$)"],
                                           environment: ["PATH": "/usr/bin:/bin"],
                                           options: SpawnOptions(stdout: .file(file), stderr: .nullDevice))
        #expect(child.stdoutFD == nil && child.stderrFD == nil && child.stdinFD == nil)
        let termination = child.wait()
        #expect(termination == .exited(0))
        let words = try String(contentsOfFile: file, encoding: .utf8).split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(words.count == 2)
        #expect(words[1] == child.pid, "the shell leads a process group of its own")
        let deadline = Date().addingTimeInterval(5)
        while Self.isRunning(words[0]) && Date() < deadline { usleep(10_000) }
        #expect(!Self.isRunning(words[0]), "the background sleep was killed with the group")
    }

    @Test func pipesCarryInputAndOutput() throws {
        let child = try ChildProcess.spawn(path: "/bin/cat", arguments: [], environment: [:],
                                           options: SpawnOptions(stdin: .pipe, stdout: .pipe, stderr: .nullDevice, contained: false))
        let input = try #require(child.stdinFD), output = try #require(child.stdoutFD)
        let bytes = Array("rows\n".utf8)
        #expect(write(input, bytes, bytes.count) == bytes.count)
        close(input)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let n = read(output, &chunk, chunk.count)
            if n > 0 { received += chunk[0..<n] } else if n == 0 { break } else { usleep(5_000) }
        }
        close(output)
        #expect(child.wait() == .exited(0))
        #expect(String(decoding: received, as: UTF8.self) == "rows\n")
        #expect(child.cpuSeconds != nil)
    }
}
