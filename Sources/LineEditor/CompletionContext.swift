/// What a completion callback sees when Tab is pressed.
///
/// The callback returns replacements for `word` (not just suffixes), e.g.
/// for the line `daily area=d` it sees word "d" and may return ["DK1", "DK2"].
public struct CompletionContext: Sendable, Equatable {
    /// The text of the line before the cursor.
    public let line: String
    /// The text after the cursor (usually empty).
    public let textAfterCursor: String
    /// The part of `line` after its last delimiter (see `wordDelimiters`):
    /// the word being completed; empty right after a space or `=`.
    public let word: String

    /// Characters that end a word: white space and the query language's
    /// punctuation (`|` `;` `=` `,` parentheses, comparison signs, quotes).
    public static let wordDelimiters: Set<Character> = [" ", "\t", "\n", "|", ";", "=", ",", "(", ")", "<", ">", "!", "'", "\""]

    public init(line: String, textAfterCursor: String = "") {
        self.line = line
        self.textAfterCursor = textAfterCursor
        let start = line.lastIndex(where: { CompletionContext.wordDelimiters.contains($0) }).map(line.index(after:)) ?? line.startIndex
        word = String(line[start...])
    }

    /// `line` without `word`.
    public var lineBeforeWord: String {
        String(line.dropLast(word.count))
    }
}
