import Foundation

/// Reads lines from the user: with libedit on a terminal, plainly otherwise.
///
///     let editor = LineEditor(programName: "energiflow", historyFile: historyURL)
///     editor.completion = { context in stageNames.filter { $0.hasPrefix(context.word) } }
///     loop: while true {
///         switch editor.readLine(prompt: "ef> ") {
///         case .line(let text): run(text); editor.addToHistory(text)
///         case .interrupted: continue
///         case .endOfInput: break loop
///         }
///     }
///     try editor.saveHistory()
///
/// On a terminal (input and output both ttys): emacs key bindings, history on
/// up/down, Tab calls `completion` (unique candidate inserted, common prefix
/// extended, or candidates listed), Ctrl-C discards the line (`.interrupted`),
/// Ctrl-D on an empty line ends input, Ctrl-Z suspends, ~/.editrc is read,
/// UTF-8 editing (LC_CTYPE is set from the environment, or to C.UTF-8).
/// Otherwise: no prompt, no escape codes, one `.line` per input line.
///
/// `readLine` blocks the calling thread: give it a thread of its own, never
/// the Swift concurrency pool. Sendable so it can be handed to that thread,
/// but calls must not overlap.
public final class LineEditor: @unchecked Sendable {
    /// The input is a terminal.
    public let isTerminal: Bool
    /// libedit is editing: input and output are both terminals and libedit
    /// started. When false, `readLine` prints no prompt: a caller that wants
    /// one in that case (say, a terminal input with redirected output) writes
    /// it itself.
    public var isInteractive: Bool { session != nil }
    /// The file `saveHistory` writes, read at init.
    public let historyFile: URL?
    /// Why the history file could not be read at init (the editor then starts
    /// with an empty history); nil when it was read or did not exist.
    public private(set) var historyLoadError: LineEditorError?

    /// Called on Tab with the text before the cursor; returns replacements
    /// for `context.word`. nil: Tab inserts a tab.
    public var completion: ((CompletionContext) -> [String])? {
        get { session?.completion ?? storedCompletion }
        set {
            storedCompletion = newValue
            session?.completion = newValue
        }
    }

    private var storedCompletion: ((CompletionContext) -> [String])?
    private let historyStore: EditLineHistory?
    private var fallbackHistory: [String] = []
    private let historyLimit: Int
    private let session: EditLineSession?
    private let plainReader: PlainLineReader

    /// - Parameters:
    ///   - programName: for ~/.editrc sections (`energiflow:bind ...`).
    ///   - historyFile: read now if it exists; written by `saveHistory`.
    ///   - historyLimit: entries kept (oldest dropped first).
    ///   - input, output: file descriptors, not closed by the editor.
    public init(programName: String, historyFile: URL? = nil, historyLimit: Int = 1000,
                input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.historyFile = historyFile
        self.historyLimit = max(1, historyLimit)
        isTerminal = isatty(input) == 1
        historyStore = EditLineHistory(limit: self.historyLimit)
        if isTerminal && isatty(output) == 1, let historyStore {
            session = EditLineSession(programName: programName, input: input, output: output, history: historyStore)
        } else {
            session = nil
        }
        plainReader = PlainLineReader(fd: input)
        if let historyFile {
            do {
                for entry in try HistoryFile.load(historyFile) { addToHistory(entry) }
            } catch {
                historyLoadError = error
            }
        }
    }

    /// Reads one line, showing `prompt` when interactive.
    public func readLine(prompt: String) -> LineEditorEvent {
        if let session { return session.readLine(prompt: prompt) }
        return plainReader.readLine()
    }

    /// Adds an entry (several lines allowed: one multi-line statement is one
    /// entry). Empty entries and a repeat of the newest entry are ignored;
    /// trailing line breaks are dropped.
    public func addToHistory(_ entry: String) {
        var text = Substring(entry)
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text.unicodeScalars.removeLast() }
        guard !text.allSatisfy(\.isWhitespace) else { return }
        if let historyStore {
            historyStore.add(String(text))
        } else if fallbackHistory.last != String(text) {
            fallbackHistory.append(String(text))
            if fallbackHistory.count > historyLimit { fallbackHistory.removeFirst(fallbackHistory.count - historyLimit) }
        }
    }

    /// The history, oldest first.
    public var history: [String] {
        historyStore?.entries ?? fallbackHistory
    }

    /// Forgets every entry (the file is unchanged until `saveHistory`).
    public func clearHistory() {
        historyStore?.removeAll()
        fallbackHistory.removeAll()
    }

    /// Writes the history to `historyFile` (atomically, mode 0600, parent
    /// directories created). Does nothing without a history file.
    public func saveHistory() throws {
        guard let historyFile else { return }
        try HistoryFile.save(history, to: historyFile)
    }
}
