import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `energiflow` binary run as a child process, for tests that
/// need a real process: killed with SIGKILL, run from the command line.
public final class IngestProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var collected = Data()
    private let drained = DispatchGroup()

    /// The debug build's binary (scripts/test builds it with the tests).
    public static var binary: URL {
        TestPaths.packageRoot.appendingPathComponent(".build/debug/energiflow")
    }

    /// Starts `energiflow arguments…` with `environment` added to this process's
    /// (minus DATABASE_URL, KAFKA_BROKERS and PG* unless given). Output (stdout and stderr) is collected.
    public init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") && $0.key != "DATABASE_URL" && $0.key != "KAFKA_BROKERS" }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        drained.enter()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { collected.append(chunk) }
            }
            drained.leave()
        }
        try process.run()
    }

    /// What it printed so far.
    public var text: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// SIGKILL: no chance to clean up.
    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the exit (SIGKILL after `timeout`); returns the status and all output.
    @discardableResult
    public func wait(timeout: TimeInterval = 120) -> (status: Int32, output: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill9() }
        process.waitUntilExit()
        _ = drained.wait(timeout: .now() + 5)
        return (process.terminationStatus, text)
    }

    /// Runs to the end and returns the status and output.
    public static func run(_ arguments: [String], environment: [String: String], timeout: TimeInterval = 120) throws -> (status: Int32, output: String) {
        try IngestProcess(arguments, environment: environment).wait(timeout: timeout)
    }
}
