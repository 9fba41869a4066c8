import Foundation
import Testing

/// The REPL on a terminal in a directory with plugins it has not been told
/// to trust: it asks once, before the first prompt; "n" is remembered and
/// nothing there runs; `.trust` changes it; "y" is remembered too.
@Suite struct TrustPromptTests {
    func plantPlugin(_ home: Binary.Home) throws -> URL {
        let mark = home.root.appendingPathComponent("ran")
        let plugins = home.work.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let file = plugins.appendingPathComponent("energiflow-probe")
        try """
            #!/bin/sh
            echo "$1" >> '\(mark.path)'
            echo '{"name": "probe", "kind": "source", "summary": "Leaves a mark."}'

            """.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return mark
    }

    func start(_ home: Binary.Home) throws -> TerminalProcess {
        try TerminalProcess("/bin/sh", arguments: ["-c", "cd '\(home.work.path)' && exec '\(try Binary.path())'"],
                            environment: home.environment(databaseURL: try Binary.storeURL(), ["TERM": "xterm"]))
    }

    @Test func asksOnceAndRemembers() throws {
        let home = try Binary.Home()
        let mark = try plantPlugin(home)

        var repl = try start(home)
        try #require(repl.waitFor("[y] yes, remember  [n] no, do not ask again  [Enter] not now: "))
        #expect(repl.output.contains("This directory has ./plugins (energiflow-probe)."))
        repl.type("n\r")
        #expect(repl.waitFor("is not trusted. '.trust' trusts it"))
        try #require(repl.waitFor(REPLTests.prompt))
        var at = repl.mark
        repl.type(".plugins\r")
        #expect(repl.waitFor("not trusted", after: at))
        #expect(repl.waitFor(REPLTests.prompt, after: at))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: mark.path), "the plugin ran without consent")

        // Not asked again; `.trust` trusts it, at once and for later.
        repl = try start(home)
        try #require(repl.waitFor(REPLTests.prompt))
        #expect(!repl.output.contains("[y] yes"))
        #expect(repl.output.contains("is not trusted"))
        at = repl.mark
        repl.type(".trust\r")
        #expect(repl.waitFor("trusted \(home.work.resolvingSymlinksInPath().path)", after: at))
        at = repl.mark
        repl.type("probe\r")
        #expect(repl.waitFor(REPLTests.prompt, after: at))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: mark.path))

        repl = try start(home)
        try #require(repl.waitFor(REPLTests.prompt))
        #expect(!repl.output.contains("not trusted") && !repl.output.contains("[y] yes"))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
    }

    @Test func yesIsRemembered() throws {
        let home = try Binary.Home()
        let mark = try plantPlugin(home)
        var repl = try start(home)
        try #require(repl.waitFor("[Enter] not now: "))
        repl.type("y\r")
        #expect(repl.waitFor("trusted \(home.work.resolvingSymlinksInPath().path)"))
        try #require(repl.waitFor(REPLTests.prompt))
        let at = repl.mark
        repl.type(".plugins\r")
        // Failed once in a full-suite run and never alone or under CPU load:
        // the screen says what the REPL showed instead.
        #expect(repl.waitFor("probe  source  ok", after: at), "the screen: \(repl.output.suffix(1500))")
        // Ctrl-D only at the prompt again: typed while the listing is still
        // being written, the terminal's end-of-file can be lost (as in
        // asksOnceAndRemembers, which waits the same way).
        #expect(repl.waitFor(REPLTests.prompt, after: at))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: mark.path))
        repl = try start(home)
        try #require(repl.waitFor(REPLTests.prompt))
        #expect(!repl.output.contains("[y] yes"))
        repl.type("\u{04}")
        #expect(repl.waitForExit() == 0)
    }
}
