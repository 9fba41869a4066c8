import CEditLine
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libedit EditLine on a terminal: prompt, key bindings (Tab completes,
/// Ctrl-C interrupts, Ctrl-Z suspends), history, and `el_gets`.
///
/// Ctrl-C: libedit is told (setty -d -isig) to keep the terminal's ISIG off
/// while editing, so Ctrl-C arrives as a key on the reading thread and no
/// SIGINT handler is involved; the terminal's own modes, ISIG included, come
/// back as soon as `el_gets` returns, so the caller's SIGINT handling during
/// a query is untouched.
final class EditLineSession {
    /// el_init and el_end read and set the terminal database through
    /// ncurses' tgetent, which keeps process-wide state (`cur_term`) and is not
    /// thread-safe: editors made or ended on two threads at once must take turns.
    private static let terminalDatabase = NSLock()

    private let editLine: OpaquePointer
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    /// Kept alive as long as the EditLine that walks it.
    private let history: EditLineHistory
    /// The prompt as a C string, alive until replaced (libedit asks for it on every redraw).
    private var prompt: UnsafeMutablePointer<CChar>?
    private var interrupted = false
    var completion: ((CompletionContext) -> [String])?

    /// nil when libedit cannot run on these descriptors (the caller falls back to plain reading).
    init?(programName: String, input inputFD: Int32, output outputFD: Int32, history: EditLineHistory) {
        TerminalLocale.enableUTF8()
        // Own duplicates, so closing these FILEs never closes the caller's descriptors.
        let inCopy = dup(inputFD), outCopy = dup(outputFD)
        guard inCopy >= 0, outCopy >= 0,
              let input = fdopen(inCopy, "r"), let output = fdopen(outCopy, "w") else {
            if inCopy >= 0 { close(inCopy) }
            if outCopy >= 0 { close(outCopy) }
            return nil
        }
        guard let editLine = Self.terminalDatabase.withLock({ el_init(programName, input, output, output) }) else {
            fclose(input)
            fclose(output)
            return nil
        }
        self.editLine = editLine
        self.input = input
        self.output = output
        self.history = history

        _ = CEditLine_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = CEditLine_set_prompt(editLine, EditLineSession.promptCallback)
        _ = CEditLine_set_editor(editLine, "emacs")
        _ = CEditLine_set_history(editLine, history.handle)
        _ = CEditLine_edit_without_tty_signals(editLine)
        // The user's ~/.editrc first (it may switch to vi, which resets the
        // key maps), then the bindings the REPL relies on.
        _ = el_source(editLine, nil)
        _ = CEditLine_add_function(editLine, "ef-complete", "Complete the word before the cursor", EditLineSession.completeCallback)
        _ = CEditLine_add_function(editLine, "ef-interrupt", "Discard the line (Ctrl-C)", EditLineSession.interruptCallback)
        _ = CEditLine_add_function(editLine, "ef-suspend", "Suspend the program (Ctrl-Z)", EditLineSession.suspendCallback)
        _ = CEditLine_bind(editLine, "^I", "ef-complete")
        _ = CEditLine_bind(editLine, "^C", "ef-interrupt")
        _ = CEditLine_bind(editLine, "^Z", "ef-suspend")
    }

    deinit {
        Self.terminalDatabase.withLock { el_end(editLine) }   // restores the terminal's modes
        fclose(input)
        fclose(output)
        free(prompt)
    }

    /// Blocks in el_gets on the calling thread.
    func readLine(prompt text: String) -> LineEditorEvent {
        free(prompt)
        prompt = strdup(text)
        interrupted = false
        var count: Int32 = 0
        let line = el_gets(editLine, &count)
        let failure = errno
        if interrupted {
            write("^C\n")
            return .interrupted
        }
        guard let line, count > 0 else {
            if count == -1 && failure == EINTR {
                // A signal from outside (kill -INT) interrupted the read.
                el_reset(editLine)
                write("\n")
                return .interrupted
            }
            write("\n")   // so whatever comes next starts on a fresh line after ^D
            return .endOfInput
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    private func write(_ text: String) {
        fputs(text, output)
        fflush(output)
    }

    // MARK: Key functions (called by libedit inside el_gets, on its thread)

    private static func session(_ editLine: OpaquePointer?) -> EditLineSession? {
        guard let editLine, let data = CEditLine_get_clientdata(editLine) else { return nil }
        return Unmanaged<EditLineSession>.fromOpaque(data).takeUnretainedValue()
    }

    private static let promptCallback: CEditLine_prompt_function = { editLine in
        session(editLine)?.prompt
    }

    private static let interruptCallback: CEditLine_function = { editLine, _ in
        guard let session = session(editLine) else { return UInt8(CC_ERROR) }
        session.interrupted = true
        return UInt8(CC_NEWLINE)   // ends el_gets; readLine reports .interrupted
    }

    private static let suspendCallback: CEditLine_function = { editLine, _ in
        guard let editLine else { return UInt8(CC_ERROR) }
        _ = CEditLine_prepare_terminal(editLine, 0)
        kill(getpid(), SIGTSTP)   // stops here until `fg`
        _ = CEditLine_prepare_terminal(editLine, 1)
        return UInt8(CC_REDISPLAY)
    }

    private static let completeCallback: CEditLine_function = { editLine, _ in
        guard let editLine, let session = session(editLine) else { return UInt8(CC_ERROR) }
        return session.complete(editLine)
    }

    private func complete(_ editLine: OpaquePointer) -> UInt8 {
        guard let completion else {
            _ = el_insertstr(editLine, "\t")
            return UInt8(CC_REFRESH)
        }
        guard let info = el_line(editLine)?.pointee, let start = info.buffer, let cursor = info.cursor, let end = info.lastchar else {
            return UInt8(CC_ERROR)
        }
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        let after = String(decoding: UnsafeRawBufferPointer(start: cursor, count: end - cursor), as: UTF8.self)
        let context = CompletionContext(line: before, textAfterCursor: after)
        switch Completion.action(word: context.word, candidates: completion(context)) {
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        case .replaceWord(let replacement):
            // el_deletestr counts characters (wide chars), not bytes.
            el_deletestr(editLine, Int32(context.word.unicodeScalars.count))
            _ = el_insertstr(editLine, replacement)
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            let rows = Completion.columns(candidates, width: Int(CEditLine_columns(editLine)) - 1)
            write("\n" + rows.joined(separator: "\n") + "\n")
            return UInt8(CC_REDISPLAY)   // libedit redraws prompt and line below the list
        }
    }
}
