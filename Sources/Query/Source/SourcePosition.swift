/// A place in a `SourceText`.
///
/// `offset` counts `Character`s (extended grapheme clusters, what a user sees
/// as one character) from the start of the text; `line` and `column` are
/// 1-based and count the same way, so a caret drawn `column - 1` characters in
/// lines up under the character in a terminal (East Asian wide characters
/// excepted). A line break (`\n`, `\r\n` or `\r`) is one character.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column`, as in `3:7`.
    public var description: String { "\(line):\(column)" }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.offset < b.offset }
}
