import Foundation
import Postgres
import TestSupport

/// The built `energiflow` executable and a clean environment to run it in.
enum Binary {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// `energiflow` next to the test bundle (`.build/<triple>/debug/`), or in `.build/debug`.
    static func path() throws -> String {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("energiflow"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("energiflow"))
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug/energiflow"))
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        throw Missing(description: "the energiflow executable was not found (looked at \(candidates.map(\.path))); run swift build first")
    }

    /// A temporary home for one run: HOME and the XDG folders inside it, so
    /// history, saved queries and plugins never touch the user's.
    final class Home {
        let root: URL
        init() throws {
            root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("work/queries"), withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        var work: URL { root.appendingPathComponent("work") }
        var historyFile: URL { root.appendingPathComponent("state/energiflow/history") }

        /// The environment: PATH, TERM and LANG from ours; no DATABASE_URL or PG* unless given.
        func environment(databaseURL: String?, _ extra: [String: String] = [:]) -> [String: String] {
            let ours = ProcessInfo.processInfo.environment
            var env: [String: String] = [
                "HOME": root.path,
                "XDG_STATE_HOME": root.appendingPathComponent("state").path,
                "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
                "XDG_DATA_HOME": root.appendingPathComponent("data").path,
                "PATH": ours["PATH"] ?? "/usr/bin:/bin",
                "LANG": "C.UTF-8",
            ]
            if let databaseURL { env["DATABASE_URL"] = databaseURL }
            for (key, value) in extra { env[key] = value }
            return env
        }
    }

    /// A libpq URL for the recorded store the Stages tests also use (read only).
    static func storeURL() throws -> String {
        let configuration = try StagesFixtureStore.shared()
        guard let name = configuration["dbname"] else { throw Missing(description: "the store has no database name") }
        return try url(forDatabase: name)
    }

    /// ENERGIFLOW_TEST_DATABASE_URL with its database replaced by `name`.
    static func url(forDatabase name: String) throws -> String {
        let base = try TestDatabase.url()
        let parts = base.split(separator: "?", maxSplits: 1).map(String.init)
        guard let slash = parts[0].lastIndex(of: "/") else { throw Missing(description: "cannot read \(base)") }
        return String(parts[0][...slash]) + name + (parts.count > 1 ? "?" + parts[1] : "")
    }
}

/// What a finished run of the binary printed and how it ended.
struct Run {
    var status: Int32
    /// True when it ended by a signal (then `status` is the signal).
    var signaled: Bool
    var stdout: String
    var stderr: String

    /// Runs `energiflow arguments…` with `environment`, feeding `stdin`, in `directory`.
    static func energiflow(_ arguments: [String], environment: [String: String], stdin: String? = nil,
                           directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Binary.path())
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(output, true), (errors, false)] {
            group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }.start()
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                   stdout: collected.out, stderr: collected.err)
    }
}

/// Output read on two threads.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var outData = Data(), errData = Data()
    func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { outData = data } else { errData = data } } }
    var out: String { lock.withLock { String(decoding: outData, as: UTF8.self) } }
    var err: String { lock.withLock { String(decoding: errData, as: UTF8.self) } }
}

/// Independent SQL on the recorded store.
typealias Store = FixtureStore
