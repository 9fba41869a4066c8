/// What one `LineEditor.readLine` produced.
public enum LineEditorEvent: Sendable, Equatable {
    /// A line, without its line break.
    case line(String)
    /// Ctrl-C at the prompt: the line was discarded; prompt again.
    case interrupted
    /// Ctrl-D on an empty line, or the input ended.
    case endOfInput
}
