import Foundation
import LineEditor
import Testing

/// libedit driven through a pseudo-terminal: keystrokes in, lines out.
@Suite struct TerminalEditingTests {
    @Test func completionInterruptUnicodeHistoryAndEndOfInput() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.shutDown() }
        var editor: LineEditor? = LineEditor(programName: "energiflow-test", input: terminal.slave, output: terminal.slave)
        defer { editor = nil }   // el_end before the terminal closes
        let ed = try #require(editor)
        #expect(ed.isTerminal)
        #expect(ed.isInteractive)
        let seen = Seen()
        ed.completion = { context in
            seen.add(context)
            return ["daily", "decide", "raw"].filter { $0.hasPrefix(context.word) }
        }

        // Tab completes a unique word (with a space after it).
        var pending = PendingLine(ed, prompt: "p1> ")
        try #require(terminal.waitForOutput("p1> "))
        #expect(terminal.localFlags & tcflag_t(ISIG) == 0)   // Ctrl-C is a key while editing
        terminal.type("prices | dai\t\r")
        #expect(pending.result() == .line("prices | daily "))
        #expect(seen.last == CompletionContext(line: "prices | dai"))
        #expect(terminal.localFlags & tcflag_t(ISIG) != 0)   // and a signal again once readLine returns

        // Ambiguous: Tab lists the candidates; more letters and Tab complete.
        pending = PendingLine(ed, prompt: "p2> ")
        try #require(terminal.waitForOutput("p2> "))
        terminal.type("d\t")
        #expect(terminal.waitForOutput("decide"))   // only the listing shows "decide"
        terminal.type("e\t\r")
        #expect(pending.result() == .line("decide "))

        // Ctrl-C discards the line; the next prompt starts empty.
        pending = PendingLine(ed, prompt: "p3> ")
        try #require(terminal.waitForOutput("p3> "))
        terminal.type("daily area=DK1 oops")
        #expect(terminal.waitForOutput("oops"))
        terminal.type("\u{03}")
        #expect(pending.result() == .interrupted)
        pending = PendingLine(ed, prompt: "p4> ")
        try #require(terminal.waitForOutput("p4> "))
        terminal.type("ok\r")
        #expect(pending.result() == .line("ok"))

        // UTF-8: backspace (DEL) removes one character, not one byte.
        pending = PendingLine(ed, prompt: "p5> ")
        try #require(terminal.waitForOutput("p5> "))
        terminal.type("æøx\u{7f}å\r")
        #expect(pending.result() == .line("æøå"))

        // Ctrl-P recalls history, a multi-line entry included.
        ed.addToHistory("daily |\n  chart")
        pending = PendingLine(ed, prompt: "p6> ")
        try #require(terminal.waitForOutput("p6> "))
        terminal.type("\u{10}\r")
        #expect(pending.result() == .line("daily |\n  chart"))

        // Ctrl-D on an empty line ends input.
        pending = PendingLine(ed, prompt: "p7> ")
        try #require(terminal.waitForOutput("p7> "))
        terminal.type("\u{04}")
        #expect(pending.result() == .endOfInput)
    }

    @Test func withoutCompletionTabInsertsATab() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.shutDown() }
        var editor: LineEditor? = LineEditor(programName: "energiflow-test", input: terminal.slave, output: terminal.slave)
        defer { editor = nil }
        let ed = try #require(editor)
        let pending = PendingLine(ed, prompt: "t> ")
        try #require(terminal.waitForOutput("t> "))
        terminal.type("a\tb\r")
        #expect(pending.result() == .line("a\tb"))
    }
}

extension TerminalEditingTests {
    @Test func terminalInputWithRedirectedOutputReadsPlainly() throws {
        let terminal = try PseudoTerminal()
        defer { terminal.shutDown() }
        var output: [Int32] = [0, 0]
        try #require(pipe(&output) == 0)
        defer { close(output[0]); close(output[1]) }
        let editor = LineEditor(programName: "energiflow-test", input: terminal.slave, output: output[1])
        #expect(editor.isTerminal)
        #expect(!editor.isInteractive)
        let pending = PendingLine(editor, prompt: "never shown> ")
        terminal.type("hello\r")   // the terminal's own line discipline turns Enter into "\n"
        #expect(pending.result() == .line("hello"))
        var waiting: Int32 = -1
        #expect(ioctl(output[0], UInt(FIONREAD), &waiting) == 0)
        #expect(waiting == 0)   // no prompt, no escape codes
    }
}

/// Completion contexts the callback saw (it runs on the reading thread).
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [CompletionContext] = []
    func add(_ context: CompletionContext) { lock.withLock { contexts.append(context) } }
    var last: CompletionContext? { lock.withLock { contexts.last } }
}
