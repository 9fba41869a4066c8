#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import ChildProcesses
import Foundation
import Query

/// Finds `energiflow-<stage>` executables and asks each for its manifest.
///
///     let catalog = PluginDiscovery(directories: PluginDirectory.defaults()).discover()
///
/// Rules:
/// - Directories are searched in the order given (default: ./plugins, the
///   config directory, PATH); the same directory twice counts once. Within a
///   directory, files are taken in name order.
/// - The first file found for a stage name wins; later ones are listed as
///   shadowed and never run.
/// - In ./plugins and the config directory a file that is not executable, or
///   whose name is not a usable stage name (`energiflow-zscore.py`), is listed
///   as broken with what to do; on PATH such files are skipped, as shells do.
///   Names ending in `~` (editor backups) are always skipped.
/// - Each winner runs `--describe` (stdin /dev/null, a clean environment,
///   its own time limit, stderr kept, whatever it starts killed when it
///   ends), all at once on their own threads; a manifest that fails
///   `PluginManifest.parse` makes the entry broken. Nothing here throws or
///   crashes: every problem ends up in the catalog.
/// - `untrusted` directories (./plugins of a directory the user has not
///   trusted) are only listed: nothing in them runs, not even `--describe`.
public struct PluginDiscovery: Sendable {
    public var directories: [PluginDirectory]
    /// Listed in the catalog as not trusted; never run.
    public var untrusted: [PluginDirectory]
    /// What plugins' environments are made from (`PluginEnvironment`: a
    /// plugin sees only part of it; `--describe` the clean part).
    public var environment: [String: String]
    /// The secrets the user lets each plugin see.
    public var allowances: PluginAllowances
    /// Seconds `--describe` may take before it is killed.
    public var describeTimeout: TimeInterval

    public init(directories: [PluginDirectory], untrusted: [PluginDirectory] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment,
                allowances: PluginAllowances = PluginAllowances(), describeTimeout: TimeInterval = 5) {
        self.directories = directories
        self.untrusted = untrusted
        self.environment = environment
        self.allowances = allowances
        self.describeTimeout = describeTimeout
    }

    /// The largest manifest read.
    static let maxManifestBytes = 1 << 20

    public func discover() -> PluginCatalog {
        var found: [(candidate: Candidate, shadowed: [PluginLocation])] = []
        var index: [String: Int] = [:]
        for candidate in candidates() {
            if let i = index[candidate.name] {
                found[i].shadowed.append(PluginLocation(path: candidate.path, origin: candidate.origin))
            } else {
                index[candidate.name] = found.count
                found.append((candidate, []))
            }
        }

        // Describe every winner that has no problem yet, in parallel.
        let results = DescribeResults(count: found.count)
        let group = DispatchGroup()
        for (i, f) in found.enumerated() {
            let c = f.candidate
            if let problem = c.problem {
                results.set(i, .broken(problem))
                continue
            }
            let (environment, timeout, base) = (PluginEnvironment.make(from: self.environment), describeTimeout, self.environment)
            let allowed = allowances.allowed(for: c.name)
            group.enter()
            let thread = Thread {
                let status: PluginEntry.Status
                do throws(PluginError) {
                    let manifest = try PluginDiscovery.describe(name: c.name, path: c.path, timeout: timeout, environment: environment)
                    status = .ok(Plugin(name: c.name, path: c.path, origin: c.origin, manifest: manifest, allowedSecrets: allowed,
                                        base: base))
                } catch {
                    status = .broken(error)
                }
                results.set(i, status)
                group.leave()
            }
            thread.name = "energiflow describe \(c.name)"
            thread.start()
        }
        group.wait()
        let entries = found.enumerated().map { i, f in
            PluginEntry(name: f.candidate.name, path: f.candidate.path, origin: f.candidate.origin,
                        status: results.get(i) ?? .broken(PluginError(.describeFailed, plugin: f.candidate.name, path: f.candidate.path,
                                                                      "plugin '\(f.candidate.name)' was not described")),
                        shadowed: f.shadowed)
        }
        var catalog = PluginCatalog(entries: entries, directories: directories, untrusted: untrustedFiles())
        catalog.problems = directoryProblems()
        return catalog
    }

    /// The `energiflow-*` files in the untrusted directories, listed unrun.
    func untrustedFiles() -> [PluginLocation] {
        untrusted.flatMap { directory -> [PluginLocation] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().filter { $0.hasPrefix(Plugin.filePrefix) && !$0.hasSuffix("~") }
                .map { PluginLocation(path: PluginDirectory.join(directory.path, $0), origin: directory.origin) }
        }
    }

    /// Runs `path --describe` with exactly `environment` and parses what it prints.
    public static func describe(name: String, path: String, timeout: TimeInterval = 5,
                                environment: [String: String] = PluginEnvironment.make(from: ProcessInfo.processInfo.environment))
        throws(PluginError) -> PluginManifest {
        let session: ProcessSession
        do {
            session = try ProcessSession(path: path, arguments: ["--describe"], environment: environment, timeout: timeout, feed: nil)
        } catch {
            throw PluginRun.spawnError(error, name: name, path: path)
        }
        var stdout: [UInt8] = []
        var tooLong = false
        while session.readChunk(into: &stdout) {
            if stdout.count > maxManifestBytes {
                tooLong = true
                session.kill(.badOutput)
            }
        }
        let outcome = session.finish()
        let stderr = outcome.stderr
        let command = "'\(PluginDiscovery.fileName(path)) --describe'"
        if outcome.killReason == .timedOut {
            throw PluginError(.describeTimedOut, plugin: name, path: path,
                              "plugin '\(name)' did not finish \(command) within \(PluginRun.seconds(timeout)) and was killed",
                              note: "with --describe a plugin must print its manifest and exit at once, without reading stdin",
                              stderr: stderr)
        }
        if tooLong {
            throw PluginError(.invalidManifest, plugin: name, path: path,
                              "plugin '\(name)' printed more than \(maxManifestBytes >> 20) MiB for \(command)", stderr: stderr)
        }
        if !outcome.escaped.isEmpty {
            throw PluginError(.describeFailed, plugin: name, path: path,
                              PluginRun.escapeWarning(outcome.escaped, plugin: name, what: "\(command) ended"),
                              note: "with --describe a plugin must print its manifest and exit, starting nothing", stderr: stderr)
        }
        switch outcome.termination {
        case .exited(0):
            break
        case .exited(let status):
            throw PluginError(.describeFailed, plugin: name, path: path, "plugin '\(name)' failed: \(command) exited with status \(status)",
                              note: "with --describe a plugin must print its JSON manifest and exit with status 0", stderr: stderr)
        case .signaled(let signal):
            throw PluginError(.describeFailed, plugin: name, path: path,
                              "plugin '\(name)' failed: \(command) was killed by \(ChildProcess.signalName(signal))", stderr: stderr)
        }
        var error: PluginError
        do {
            return try PluginManifest.parse(String(decoding: stdout, as: UTF8.self), expectedName: name, path: path)
        } catch let e {
            error = e
        }
        error.stderr = PluginError.tail(stderr)
        throw error
    }

    // MARK: Scanning

    struct Candidate {
        var name: String
        var path: String
        var origin: PluginOrigin
        /// Known before running it (not executable, bad name).
        var problem: PluginError?
    }

    /// Every `energiflow-*` file in search order. In ./plugins and the config
    /// folder a file that cannot be a plugin — a broken or looping symbolic
    /// link, a FIFO, a device — is a broken entry that says what it is.
    func candidates() -> [Candidate] {
        var seen = Set<String>()
        var out: [Candidate] = []
        for directory in directories {
            let real = PluginDiscovery.realPath(directory.path) ?? directory.path
            guard seen.insert(real).inserted else { continue }
            guard let names = try? DirectoryListing.names(directory.path) else { continue }
            let strict = directory.origin != .path
            for file in names where file.hasPrefix(Plugin.filePrefix) && !file.hasSuffix("~") {
                let path = PluginDirectory.join(directory.path, file)
                let stage = String(file.dropFirst(Plugin.filePrefix.count))
                var info = stat()
                guard stat(path, &info) == 0 else {
                    let code = errno
                    guard strict else { continue }
                    let message: String
                    if code == ELOOP {
                        message = "plugin '\(stage)' is a symbolic link loop"
                    } else if code == ENOENT, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                        message = "plugin '\(stage)' is a symbolic link to a file that does not exist"
                    } else {
                        message = "plugin '\(stage)' cannot be used: " + FileError(path: path, errno: code).message
                    }
                    out.append(Candidate(name: stage, path: path, origin: directory.origin,
                                         problem: PluginError(.notExecutable, plugin: stage, path: path, message)))
                    continue
                }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR { continue }
                if type != S_IFREG {
                    guard strict, let problem = FileError(path: path, mode: info.st_mode) else { continue }
                    out.append(Candidate(name: stage, path: path, origin: directory.origin,
                                         problem: PluginError(.notExecutable, plugin: stage, path: path,
                                                              "plugin '\(stage)' is not a program: \(problem.message)")))
                    continue
                }
                let executable = access(path, X_OK) == 0
                let validName = PluginDiscovery.isStageName(stage)
                if !strict && (!executable || !validName) { continue }
                var problem: PluginError?
                if !validName {
                    let suggestion = stage.split(separator: ".").first.map(String.init).flatMap { PluginDiscovery.isStageName($0) ? $0 : nil }
                    problem = PluginError(.invalidName, plugin: stage, path: path,
                                          "the file name '\(file)' does not give a stage name: '\(stage)' is not one word",
                                          note: suggestion.map { "rename it to energiflow-\($0) (no extension)" }
                                              ?? "use letters, digits, '-' and '_', like energiflow-my-stage")
                } else if !executable {
                    problem = PluginError(.notExecutable, plugin: stage, path: path, "plugin '\(stage)' is not executable",
                                          note: "make it executable: chmod +x \(path)")
                }
                out.append(Candidate(name: stage, path: path, origin: directory.origin, problem: problem))
            }
        }
        return out
    }

    /// Why the searched directories that exist could not be listed
    /// ("./plugins is a symbolic link loop"), for `.plugins`.
    func directoryProblems() -> [String] {
        directories.filter { $0.origin != .path }.compactMap { directory -> String? in
            do throws(FileError) {
                _ = try DirectoryListing.namesIfPresent(directory.path)
                return nil
            } catch {
                return "cannot look for plugins: " + error.message
            }
        }
    }

    /// Letters, digits, `-` and `_`, starting with a letter, and one word to
    /// the language: `zscore`, `dk-co2`; not `zscore.py`.
    static func isStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter,
              name.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else { return false }
        do {
            try StageSpec(name: name, kind: .transform, summary: "-").validate()
            return true
        } catch {
            return false
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// The statuses the describe threads produce, one slot per entry.
private final class DescribeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [PluginEntry.Status?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ status: PluginEntry.Status) { lock.lock(); slots[i] = status; lock.unlock() }
    func get(_ i: Int) -> PluginEntry.Status? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}

private extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
