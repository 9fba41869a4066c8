import ErrorReporting
import Foundation
import Shell
import Testing

/// Scripts statement by statement: line numbers in errors, stopping, going on.
@Suite struct ScriptRunnerTests {
    static let script = """
        # A script with an error on line 5.
        sql 'select 1 as a'
          | csv
        let n = 2
        daily area=DK1 | sotr price
        sql 'select 3 as c' | csv
        """

    @Test func stopsAtTheFirstErrorNamingFileAndLine() throws {
        let shell = try TestShell()
        let status = ScriptRunner(session: shell.session).run(Self.script, name: "demo.efq")
        #expect(status == .error)
        #expect(shell.output.text == "a\r\n1\r\n")
        #expect(shell.messages.text == """
            error: unknown stage 'sotr'
             --> demo.efq:5:18
              |
            5 | daily area=DK1 | sotr price
              |                  ^^^^ did you mean 'sort'?

            """)
    }

    @Test func goesOnWhenAskedAndStillFails() throws {
        let shell = try TestShell(settings: ShellSettings(continueOnError: true))
        #expect(ScriptRunner(session: shell.session).run(Self.script, name: "demo.efq") == .error)
        #expect(shell.output.text == "a\r\n1\r\nc\r\n3\r\n")
    }

    @Test func aSyntaxErrorLaterDoesNotStopEarlierStatements() throws {
        let shell = try TestShell()
        let status = ScriptRunner(session: shell.session).run("sql 'select 1 as a' | csv\nsql 'unterminated | csv\n", name: nil)
        #expect(status == .error)
        #expect(shell.output.text == "a\r\n1\r\n")
        #expect(shell.messages.text.contains("2 | sql 'unterminated | csv"))
    }

    @Test func linesArriveOneAtATime() throws {
        let shell = try TestShell()
        var lines = ["sql 'select 1 as a'", "| csv", "", "# done", ".quit", "sql 'select 2 as b' | csv"][...]
        let status = ScriptRunner(session: shell.session).run(lines: { lines.popFirst() }, name: "<stdin>")
        #expect(status == .success)
        #expect(shell.output.text == "a\r\n1\r\n")
        #expect(lines.count <= 1)
    }

    @Test func scriptsWithoutPipelinesSucceed() throws {
        let shell = try TestShell()
        #expect(ScriptRunner(session: shell.session).run("let a = 1\n\n# nothing else\n", name: nil) == .success)
        #expect(ScriptRunner(session: shell.session).run("", name: nil) == .success)
    }
}
