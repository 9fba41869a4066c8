import Foundation
import Testing

/// Files that are not what they seem — a symbolic link loop, a FIFO,
/// /dev/zero, a directory, bytes that are not UTF-8 — as saved queries,
/// rules files, scripts and plugin folders: each is an error that names the
/// file and says what it is, at once (never a hang, never a Foundation
/// error domain, never a wrong "permission" message).
@Suite struct FileProbeTests {
    /// Makes `name` in `folder` (below the work directory) a loop, a FIFO, /dev/zero, a directory or binary.
    func plant(_ work: Work, in folder: String, name: String, as kind: String) throws {
        let directory = work.directory.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        switch kind {
        case "loop": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: name)
        case "fifo": #expect(mkfifo(path, 0o600) == 0)
        case "zero": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        case "directory": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        default: try Data([0x6E, 0x6F, 0x74, 0x65, 0x20, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: path))
        }
    }

    static let kinds: [(kind: String, says: String)] = [
        ("loop", "is a symbolic link loop"), ("fifo", "is a named pipe (FIFO), not a file"),
        ("zero", "is a device, not a file"), ("directory", "is a directory, not a file"),
        ("binary", "is not UTF-8 text (byte 0xC3 at line 1, column 6)"),
    ]

    func readable(_ run: Finished, names file: String, says: String) {
        #expect(!run.timedOut, "\(file) hung")
        #expect(run.status == 1)
        #expect(run.stderr.contains(file) && run.stderr.contains(says), "\(file): \(run.stderr)")
        for bad in ["NSCocoaErrorDomain", "Domain=", "permission", "couldn’t", "could not be completed"] {
            #expect(!run.stderr.contains(bad), "\(file): \(run.stderr)")
        }
    }

    @Test func savedQueriesAndScripts() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        for (kind, says) in Self.kinds {
            try plant(work, in: "queries", name: "\(kind).efq", as: kind)
            readable(try work.run(["run", "--trust", kind], timeout: 10), names: "queries/\(kind).efq", says: says)
            readable(try work.run(["--trust", "-c", kind], timeout: 10), names: "queries/\(kind).efq", says: says)
            readable(try work.run(["run", "./queries/\(kind).efq"], timeout: 10), names: "queries/\(kind).efq", says: says)
        }
        let listing = try work.run(["--trust", "-c", ".queries"], timeout: 10)
        #expect(listing.status == 0)
        for (kind, says) in Self.kinds { #expect(listing.stdout.contains(says), "\(kind)") }
        readable(try work.run(["run", "/dev/zero.efq"], timeout: 10), names: "/dev/zero.efq", says: "does not exist")
        let zero = try work.run(["run", "/dev/zero"], timeout: 10)
        #expect(zero.stderr == "error: '/dev/zero' is not a saved query: a saved query's file name ends in .efq\n")
    }

    @Test func rulesFiles() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        for (kind, says) in Self.kinds where kind != "zero" {
            try plant(work, in: "queries/rules", name: "\(kind).rules", as: kind)
            readable(try work.run(["--trust", "-c", "note 'x' | decide rules=\(kind)"], timeout: 10),
                     names: "queries/rules/\(kind).rules", says: says)
            readable(try work.run(["-c", "note 'x' | decide rules='queries/rules/\(kind).rules'"], timeout: 10),
                     names: "queries/rules/\(kind).rules", says: says)
        }
        try plant(work, in: "queries/rules", name: "zero.rules", as: "zero")
        readable(try work.run(["--trust", "-c", "note 'x' | decide rules=zero"], timeout: 10),
                 names: "queries/rules/zero.rules", says: "leads to /dev/zero, which is not a rules file")
    }

    @Test func pluginFolders() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        try plant(work, in: "plugins", name: "energiflow-loop", as: "loop")
        try plant(work, in: "plugins", name: "energiflow-fifo", as: "fifo")
        try plant(work, in: "plugins", name: "energiflow-zero", as: "zero")
        let run = try work.run(["--trust", "-c", ".plugins"], timeout: 10)
        #expect(!run.timedOut)
        #expect(run.stdout.contains("plugin 'loop' is a symbolic link loop"), "\(run.stdout)")
        #expect(run.stdout.contains("plugin 'fifo' is not a program: ") && run.stdout.contains("energiflow-fifo is a named pipe (FIFO), not a file"))
        #expect(run.stdout.contains("plugin 'zero' is not a program: ") && run.stdout.contains("energiflow-zero is a device, not a file"))

        // The folder itself looping.
        let other = try Work(home)
        try FileManager.default.createSymbolicLink(atPath: other.directory.appendingPathComponent("plugins").path, withDestinationPath: "plugins")
        let loop = try other.run(["--trust", "-c", ".plugins"], timeout: 10)
        #expect(loop.stdout.contains("warning: cannot look for plugins: \(other.directory.path)/plugins is a symbolic link loop"), "\(loop.stdout)")
    }
}
