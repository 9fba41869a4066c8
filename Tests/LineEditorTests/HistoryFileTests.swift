import Foundation
import LineEditor
import Testing

/// History saved to and loaded from a file.
@Suite struct HistoryFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineeditor-\(UUID().uuidString)")

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// An editor without a terminal (stdin here may be anything), history in `file`.
    func editor(_ file: URL, limit: Int = 1000) -> LineEditor {
        LineEditor(programName: "test", historyFile: file, historyLimit: limit, input: -1, output: -1)
    }

    @Test func roundTripKeepsMultiLineAndUnicodeEntries() throws {
        defer { cleanUp() }
        let file = directory.appendingPathComponent("state/energiflow/history")   // parents do not exist yet
        let entries = [
            "daily area=DK1 last=30d",
            "daily area=DK1 last=30d |\n  decide |\n  chart",
            "where name = 'Ærø' # ∆ 🙂 — 中文",
            #"sql 'select E''\n'' as backslash_n'"#,   // a literal backslash followed by n
            "tab\there and a\r carriage return",
        ]
        let first = editor(file)
        #expect(first.historyLoadError == nil)
        for entry in entries { first.addToHistory(entry) }
        first.addToHistory("")                          // ignored
        first.addToHistory("   ")                       // ignored
        first.addToHistory(entries[4] + "\n")       // a repeat (after its line break is dropped): ignored
        #expect(first.history == entries)
        try first.saveHistory()

        // Independent look at the file: owner-only, one line per entry after the header.
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 1 + entries.count + 1)
        #expect(text.contains("中文"))   // stored as readable UTF-8

        let second = editor(file)
        #expect(second.historyLoadError == nil)
        #expect(second.history == entries)
    }

    @Test func handWrittenFileWithoutHeaderLoads() throws {
        defer { cleanUp() }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("history")
        try Data("first\nsecond \\\\ with\\nbreak\n\nthird \\q\n".utf8).write(to: file)
        #expect(editor(file).history == ["first", "second \\ with\nbreak", "third \\q"])
    }

    @Test func limitKeepsTheNewestEntries() throws {
        defer { cleanUp() }
        let file = directory.appendingPathComponent("history")
        let small = editor(file, limit: 3)
        for index in 1...5 { small.addToHistory("query \(index)") }
        #expect(small.history == ["query 3", "query 4", "query 5"])
        try small.saveHistory()
        #expect(editor(file).history == ["query 3", "query 4", "query 5"])
        #expect(editor(file, limit: 2).history == ["query 4", "query 5"])
    }

    @Test func missingFileIsAnEmptyHistory() {
        let file = directory.appendingPathComponent("nothing/here")
        let fresh = editor(file)
        #expect(fresh.history.isEmpty)
        #expect(fresh.historyLoadError == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path))   // reading creates nothing
    }

    @Test func unreadableAndUnwritableFilesAreReported() throws {
        defer { cleanUp() }
        // A directory where the file should be: cannot be read as a file nor replaced by one.
        let file = directory.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: file.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let broken = editor(file)
        #expect(broken.historyLoadError?.code == .cannotReadHistory)
        #expect(broken.historyLoadError?.message.contains(file.path) == true)
        broken.addToHistory("x")
        #expect(broken.history == ["x"])   // the editor still works
        do {
            try broken.saveHistory()
            Issue.record("saving over a non-empty directory should fail")
        } catch let error as LineEditorError {
            #expect(error.code == .cannotWriteHistory)
            #expect(error.cause != nil)
        }
    }
}
