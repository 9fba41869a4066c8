import Foundation
import Query
import Rules
import Testing

/// Finding NAME.rules in the user's, the config and the shipped directories.
@Suite struct LocatorTests {
    /// A fresh directory tree for one test: project/, config/, shipped/.
    struct Tree {
        let root: URL
        var project: URL { root.appendingPathComponent("project") }
        var config: URL { root.appendingPathComponent("config") }
        var shipped: URL { root.appendingPathComponent("shipped") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("rules-locator-\(UUID().uuidString)")
            for dir in [root.appendingPathComponent("project/queries/rules"),
                        root.appendingPathComponent("config/energiflow/rules"), root.appendingPathComponent("shipped")] {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
        }

        func write(_ text: String, to path: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }

        var locator: RuleFileLocator {
            RuleFileLocator.standard(currentDirectory: project, environment: ["XDG_CONFIG_HOME": config.path, "HOME": "/nonexistent"],
                                     shipped: shipped)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func firstDirectoryWins() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try tree.write("S otherwise \"shipped\"", to: "shipped/default.rules")
        try tree.write("S otherwise \"shipped\"", to: "shipped/absolute.rules")
        try tree.write("C otherwise \"config\"", to: "config/energiflow/rules/default.rules")
        try tree.write("P otherwise \"project\"", to: "project/queries/rules/default.rules")
        try tree.write("M otherwise", to: "project/queries/rules/mine.rules")
        let locator = tree.locator
        #expect(try locator.load("default").decisions == ["P"])
        #expect(try locator.load("absolute").decisions == ["S"])
        #expect(try locator.load("default.rules").decisions == ["P"])
        #expect(locator.availableNames() == ["absolute", "default", "mine"])
        #expect(locator.directories.map(\.lastPathComponent) == ["rules", "rules", "shipped"])
        try FileManager.default.removeItem(at: tree.project.appendingPathComponent("queries/rules/default.rules"))
        #expect(try locator.load("default").decisions == ["C"])
    }

    @Test func pathsAreUsedAsGiven() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try tree.write("X otherwise", to: "project/my.rules")
        let locator = tree.locator
        #expect(try locator.load(.path("my.rules")).decisions == ["X"])
        #expect(try locator.load(.path("./my.rules")).decisions == ["X"])
        #expect(try locator.load(.path(tree.project.appendingPathComponent("my.rules").path)).decisions == ["X"])
        do {
            _ = try locator.load(.path("nowhere/x.rules"))
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered() == "error: cannot read the rules file: nowhere/x.rules does not exist")
        }
    }

    /// A name is only a name; a path is only a .rules file (also where its links lead).
    @Test func namesAreNamesAndPathsAreRulesFiles() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try tree.write("X otherwise", to: "project/my.rules")
        try tree.write("root:*:20228:0:99999:7:::\n", to: "project/shadow")
        let locator = tree.locator
        for name in ["../my", "../../../../etc/shadow", "./my.rules", "/etc/shadow", "a/b", ".hidden", "..rules"] {
            let error = try #require(throws: QueryError.self) { try locator.load(name) }
            #expect(error.message == "'\(name)' is not a rules name", "\(name)")
        }
        for path in ["/etc/shadow", "shadow", "./shadow"] {
            let error = try #require(throws: QueryError.self) { try locator.load(.path(path)) }
            #expect(error.message == "'\(path)' is not a rules file: a rules file's name ends in .rules")
            #expect(!error.rendered().contains("root:"))
        }
        try FileManager.default.createSymbolicLink(atPath: tree.project.appendingPathComponent("queries/rules/sneaky.rules").path,
                                                   withDestinationPath: tree.project.appendingPathComponent("shadow").path)
        let error = try #require(throws: QueryError.self) { try locator.load("sneaky") }
        #expect(error.message == "queries/rules/sneaky.rules leads to \(tree.project.appendingPathComponent("shadow").resolvingSymlinksInPath().path), which is not a rules file")
        #expect(!error.rendered().contains("root:"))
        #expect(RuleFileLocator.isName("default") && RuleFileLocator.isName("default.rules") && RuleFileLocator.isName("dk2-v1.2"))
    }

    /// A rules file that is no file says what it is instead.
    @Test func aRulesFileThatIsNoFileSaysWhatItIs() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let rules = tree.project.appendingPathComponent("queries/rules")
        #expect(mkfifo(rules.appendingPathComponent("fifo.rules").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("loop.rules").path, withDestinationPath: "loop.rules")
        try FileManager.default.createDirectory(at: rules.appendingPathComponent("dir.rules"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("zero.rules").path, withDestinationPath: "/dev/zero")
        let expected = [
            "fifo": "queries/rules/fifo.rules is a named pipe (FIFO), not a file",
            "loop": "queries/rules/loop.rules is a symbolic link loop (or a chain of too many links)",
            "dir": "queries/rules/dir.rules is a directory, not a file",
            "zero": "queries/rules/zero.rules leads to /dev/zero, which is not a rules file",
        ]
        for (name, message) in expected {
            let error = try #require(throws: QueryError.self) { try tree.locator.load(name) }
            #expect(error.message == message || error.message == "cannot read the rules file: " + message, "\(name): \(error.message)")
        }
    }

    @Test func notFoundListsPlacesAndNames() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try tree.write("X otherwise", to: "shipped/default.rules")
        try tree.write("X otherwise", to: "shipped/negative.rules")
        let line = SourceText("daily | decide rules=defualt")
        let argument = line.range(21, 28)
        do {
            _ = try tree.locator.locate(.name("defualt"), at: argument, in: line)
            Issue.record("expected an error")
        } catch {
            #expect(error.suggestion == "default")
            #expect(error.rendered() == """
                error: no rules file 'defualt'
                  |
                1 | daily | decide rules=defualt
                  |                      ^^^^^^^ did you mean 'default'?
                  = note: looked for defualt.rules in queries/rules, \(tree.config.path)/energiflow/rules, \(tree.shipped.path); the rules files are default, negative
                """)
        }
        let empty = RuleFileLocator(directories: [tree.root.appendingPathComponent("none")], currentDirectory: tree.root)
        #expect(throws: QueryError.self) { try empty.locate(.name("default")) }
        #expect(empty.availableNames().isEmpty)
    }

    @Test func errorsInAFileNameIt() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try tree.write("# mine\nBUY when price < avg(price) \"cheap\"\nMONITOR otherwse\n", to: "project/queries/rules/mine.rules")
        do {
            _ = try tree.locator.load("mine")
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered() == """
                error: expected 'when' or 'otherwise' after 'MONITOR', found 'otherwse'
                 --> queries/rules/mine.rules:3:9
                  |
                3 | MONITOR otherwse
                  |         ^^^^^^^^ did you mean 'otherwise'?
                  = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
                """)
        }
    }

    @Test func unreadableOrNotText() throws {
        let tree = try Tree()
        defer { tree.remove() }
        try Data([0x42, 0x55, 0x59, 0x20, 0xFF, 0xFE]).write(to: tree.shipped.appendingPathComponent("binary.rules"))
        let binary = try #require(throws: QueryError.self) { try tree.locator.load("binary") }
        #expect(binary.message == "cannot read the rules file: \(tree.shipped.path)/binary.rules is not UTF-8 text (byte 0xFF at line 1, column 5)")
        // A byte order mark is fine.
        try Data([0xEF, 0xBB, 0xBF] + Array("X otherwise".utf8)).write(to: tree.shipped.appendingPathComponent("bom.rules"))
        #expect(try tree.locator.load("bom").decisions == ["X"])
    }

    @Test func xdgFallsBackToHome() {
        let cwd = URL(fileURLWithPath: "/work")
        let relative = RuleFileLocator.standard(currentDirectory: cwd, environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"],
                                                shipped: nil)
        #expect(relative.directories.map(\.path) == ["/work/queries/rules", "/home/u/.config/energiflow/rules"])
        let xdg = RuleFileLocator.standard(currentDirectory: cwd, environment: ["XDG_CONFIG_HOME": "/cfg"],
                                           shipped: URL(fileURLWithPath: "/usr/share/energiflow/rules"))
        #expect(xdg.directories.map(\.path) == ["/work/queries/rules", "/cfg/energiflow/rules", "/usr/share/energiflow/rules"])
    }
}
