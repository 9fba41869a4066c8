/// Text the lexer reads, with a name for messages and the positions of its lines.
///
/// `name` is what error messages print as `--> name:line:col`: a file path for
/// scripts, query and rules files. It is nil for input typed at the prompt or
/// given with `-c`, where the location line is left out.
public struct SourceText: Sendable, Hashable {
    public let name: String?
    public let text: String
    /// The text as user-visible characters; offsets index this array.
    public let characters: [Character]
    /// The offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// The number of the text's first line: a statement cut from line 4000
    /// of a script keeps its line numbers without carrying the 3999 lines
    /// before it (so running a script costs time linear in its length).
    public let firstLine: Int

    public init(_ text: String, name: String? = nil, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = max(1, firstLine)
        let characters = Array(text)
        self.characters = characters
        var starts = [0]
        for (i, c) in characters.enumerated() where SourceText.isLineBreak(c) {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// `\n`, `\r\n` (one `Character`) and `\r` end a line; nothing else does.
    public static func isLineBreak(_ c: Character) -> Bool {
        c == "\n" || c == "\r\n" || c == "\r"
    }

    public var count: Int { characters.count }
    public var lineCount: Int { lineStarts.count }

    /// The position of the character at `offset` (clamped into `0...count`).
    public func position(at offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, characters.count))
        // The last line start at or before `offset`.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourcePosition(offset: offset, line: low + firstLine, column: offset - lineStarts[low] + 1)
    }

    /// The range of characters `from..<to` (clamped).
    public func range(_ from: Int, _ to: Int) -> SourceRange {
        SourceRange(position(at: from), position(at: max(from, to)))
    }

    /// The text a range covers.
    public func text(in range: SourceRange) -> String {
        let from = max(0, min(range.start.offset, characters.count))
        let to = max(from, min(range.end.offset, characters.count))
        return String(characters[from..<to])
    }

    /// The text of line `number` (counted from `firstLine`) without its line break; "" when out of range.
    public func line(_ number: Int) -> String {
        let number = number - firstLine + 1
        guard number >= 1, number <= lineStarts.count else { return "" }
        let from = lineStarts[number - 1]
        var to = number < lineStarts.count ? lineStarts[number] : characters.count
        if to > from, SourceText.isLineBreak(characters[to - 1]) { to -= 1 }
        return String(characters[from..<to])
    }

    /// The empty range at the very end of the text.
    public var endRange: SourceRange { SourceRange(at: position(at: characters.count)) }
}
