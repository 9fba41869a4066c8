#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcessControl
import Foundation

/// Finds, kills and reaps what a contained process (a plugin) leaves behind: the processes of its
/// process group, and those that left the group (`setsid`, `setpgid`) but
/// still carry the run's marker in their environment.
///
/// Linux only: it reads /proc, and EnergiFlow becomes a child subreaper
/// (`PR_SET_CHILD_SUBREAPER`) at the first plugin, so a descendant whose parent
/// dies is re-parented to EnergiFlow, which reaps it once killed: nothing is
/// left running and no zombie is left to an init that does not reap. Elsewhere
/// only the group is killed (`isSupported` is false).
///
/// A process that left the group and also removed the marker from its
/// environment cannot be told from any other and is not found.
public enum ProcessSweep {
    /// The environment variable every plugin process gets; its value is unique per run.
    static let markerVariable = "ENERGIFLOW_PLUGIN_RUN"

    /// One line of /proc/PID/stat.
    struct Entry: Sendable, Hashable {
        var pid: pid_t
        var parent: pid_t
        var group: pid_t
        var state: Character
        /// The program's name (at most 15 characters, as the kernel keeps it).
        var command: String
        var isZombie: Bool { state == "Z" || state == "X" }
    }

    /// Whether /proc can be read.
    public static let isSupported: Bool = FileManager.default.isReadableFile(atPath: "/proc/self/stat")

    /// Makes this process a child subreaper, once; false where that is not possible.
    static let subreaper: Bool = {
        guard isSupported else { return false }
        return energiflow_set_child_subreaper() == 0
    }()

    /// Every process, from /proc.
    static func entries() -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap { name in
            guard let pid = pid_t(name) else { return nil }
            return entry(pid)
        }
    }

    /// /proc/PID/stat, or nil when the process is gone.
    static func entry(_ pid: pid_t) -> Entry? {
        guard let bytes = read("/proc/\(pid)/stat", limit: 4096),
              let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // "pid (comm) state ppid pgrp …": the name may hold spaces and parentheses.
        let command = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 4, let state = fields[0].first,
              let parent = pid_t(String(decoding: fields[1], as: UTF8.self)),
              let group = pid_t(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        return Entry(pid: pid, parent: parent, group: group, state: Character(UnicodeScalar(state)), command: command)
    }

    /// Whether `pid`'s environment (as it was at exec) holds `marker`
    /// (`NAME=value`). False when it cannot be read (another user's process, a zombie).
    static func environment(of pid: pid_t, contains marker: [UInt8]) -> Bool {
        guard let bytes = read("/proc/\(pid)/environ", limit: 1 << 20) else { return false }
        for entry in bytes.split(separator: 0) where entry.elementsEqual(marker) { return true }
        return false
    }

    /// The whole command line of `pid`, for messages (`sleep 600`).
    static func commandLine(of pid: pid_t) -> String? {
        guard let bytes = read("/proc/\(pid)/cmdline", limit: 4096), !bytes.isEmpty else { return nil }
        let words = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let text = words.joined(separator: " ")
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }

    /// Reaps `pid` when it is a zombie child of this process, and says
    /// whether it was a zombie. A server started through `pg_ctl` becomes
    /// EnergiFlow's child once EnergiFlow is a subreaper; when it ends,
    /// nothing else waits for it.
    public static func reapIfZombie(_ pid: pid_t) -> Bool {
        guard let entry = entry(pid), entry.isZombie else { return false }
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
        return true
    }

    /// Reads a small /proc file with plain system calls (Foundation's readers
    /// stat it first, and /proc files all claim a size of 0).
    private static func read(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let n = chunk.withUnsafeMutableBytes { raw -> Int in
                #if canImport(Glibc)
                Glibc.read(fd, raw.baseAddress, raw.count)
                #else
                Darwin.read(fd, raw.baseAddress, raw.count)
                #endif
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }
}

/// A process a plugin started that left its process group (e.g. with
/// `setsid`) and was found by its marker and killed.
public struct EscapedProcess: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var command: String

    public var description: String { "pid \(pid) (\(command))" }
}
