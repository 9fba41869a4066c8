import Foundation
import LineEditor
import Testing

/// The non-terminal path: input from a pipe, as when a script is piped in.
@Suite struct PlainInputTests {
    /// A pipe holding `text` (write end closed), and a pipe to catch output.
    func editor(reading text: String) throws -> (LineEditor, output: Int32, close: () -> Void) {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        try #require(pipe(&input) == 0 && pipe(&output) == 0)
        let bytes = Array(text.utf8)
        try #require(bytes.count < 60_000, "must fit in the pipe buffer")
        _ = bytes.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
        close(input[1])
        let editor = LineEditor(programName: "test", input: input[0], output: output[1])
        return (editor, output[0], { close(input[0]); close(output[1]); close(output[0]) })
    }

    func readAll(_ editor: LineEditor, prompt: String = "ef> ") -> [LineEditorEvent] {
        var events: [LineEditorEvent] = []
        while events.count < 100 {
            let event = editor.readLine(prompt: prompt)
            events.append(event)
            if event == .endOfInput { break }
        }
        return events
    }

    @Test func linesEmptyLinesAndALastLineWithoutNewline() throws {
        let (editor, output, done) = try editor(reading: "daily area=DK1\n\nprices | chart\r\nlast line")
        defer { done() }
        #expect(!editor.isTerminal)
        #expect(!editor.isInteractive)
        #expect(readAll(editor) == [.line("daily area=DK1"), .line(""), .line("prices | chart"), .line("last line"), .endOfInput])
        #expect(editor.readLine(prompt: "ef> ") == .endOfInput)   // stays at the end

        // Nothing was written: no prompt, no escape codes.
        var pending: Int32 = -1
        #expect(ioctl(output, UInt(FIONREAD), &pending) == 0)
        #expect(pending == 0)
    }

    @Test func emptyInputIsEndOfInput() throws {
        let (editor, _, done) = try editor(reading: "")
        defer { done() }
        #expect(readAll(editor) == [.endOfInput])
    }

    @Test func unicodeAndLongLinesSurviveChunking() throws {
        // 10,000 characters cross the reader's 4 KiB reads; "æ" is 2 bytes, so
        // some reads end inside a character.
        let long = String(repeating: "æøå-", count: 2500)
        let (editor, _, done) = try editor(reading: "Ærø 🙂 ∆\n\(long)\nend\n")
        defer { done() }
        #expect(readAll(editor) == [.line("Ærø 🙂 ∆"), .line(long), .line("end"), .endOfInput])
    }
}
