import ErrorReporting
import Foundation
import LineEditor
import Query

/// The REPL: reads statements with the line editor and runs them in the
/// session until `.quit` or Ctrl-D.
///
/// - The prompt says where it is connected (`energiflow[embedded]> `); a
///   statement left open (a line ending in `|`, an open quote or
///   parenthesis) continues on the next line after `...> `.
/// - One history entry per statement, multi-line ones kept whole, written to
///   the history file after every statement so it survives a crash.
/// - Ctrl-C at the prompt clears the line (and a half-typed statement);
///   during a statement it cancels it (the session's `InterruptGuard`).
public final class InteractiveShell {
    public let session: Session
    public let editor: LineEditor
    public let prompt: String
    public let continuationPrompt: String
    private var historyWarned = false

    /// - Parameter label: where the session is connected (`embedded`, `postgres`).
    public init(session: Session, editor: LineEditor, label: String, completer: Completer) {
        self.session = session
        self.editor = editor
        prompt = "energiflow[\(label)]> "
        continuationPrompt = String(repeating: " ", count: max(0, prompt.count - 5)) + "...> "
        session.history = { [editor] in editor.history }
        editor.completion = { completer.candidates($0) }
        if let error = editor.historyLoadError {
            session.tell("warning: the history could not be read (\(error)); starting with an empty one")
        }
    }

    /// Runs until `.quit` or end of input; returns the exit status (success:
    /// errors at the prompt do not end the REPL).
    public func run() -> ExitStatus {
        // Plugin discovery runs programs: only once the first prompt is up.
        let stages = session.stages
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { stages.startDiscovery() }
        var lines: [String] = []
        loop: while true {
            switch editor.readLine(prompt: lines.isEmpty ? prompt : continuationPrompt) {
            case .line(let line):
                lines.append(line)
                let text = lines.joined(separator: "\n")
                guard Parser.isComplete(text) else { continue }
                lines = []
                guard !StatementChunker.chunks(of: text).isEmpty else { continue }   // blank or only comments
                editor.addToHistory(text)
                saveHistory()
                if session.run(text) == .quit { break loop }
            case .interrupted:
                lines = []
            case .endOfInput:
                break loop
            }
        }
        saveHistory()
        return .success
    }

    private func saveHistory() {
        do {
            try editor.saveHistory()
        } catch {
            guard !historyWarned else { return }
            historyWarned = true
            session.tell("warning: the history could not be saved to \(editor.historyFile?.path ?? "?"): \(error)")
        }
    }
}
