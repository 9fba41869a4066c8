import Query

/// Cuts a script into runnable pieces, line by line, so a script runs (and
/// stops) statement by statement and a syntax error late in a file does not
/// keep the statements before it from running.
///
/// A piece ends at the end of a line where the text so far is complete
/// (`Parser.isComplete`: no trailing `|`, open quote or parenthesis) — unless
/// the next line that says something starts with `|`, which continues the
/// pipeline. So lines are held until the next significant line arrives;
/// `finish()` hands out what is left. A piece may hold several statements
/// separated by `;`.
public struct StatementChunker: Sendable {
    public struct Chunk: Sendable, Equatable {
        public var text: String
        /// The line of the script the chunk starts on (1-based).
        public var firstLine: Int

        public init(text: String, firstLine: Int) {
            self.text = text
            self.firstLine = firstLine
        }
    }

    private var lines: [String] = []
    private var firstLine = 1
    private var nextLine = 1

    public init() {}

    /// Adds one line (without its line break); returns the chunks it completes.
    public mutating func add(_ line: String) -> [Chunk] {
        defer { nextLine += 1 }
        var done: [Chunk] = []
        if !lines.isEmpty, !Self.isBlankOrComment(line), !Self.continuesPipeline(line),
           Parser.isComplete(lines.joined(separator: "\n")) {
            done.append(takeChunk())
        }
        if lines.isEmpty {
            if Self.isBlankOrComment(line) { return done }   // nothing to run yet
            firstLine = nextLine
        }
        lines.append(line)
        return done
    }

    /// The last chunk, complete or not (an open quote is then the parser's error to report).
    public mutating func finish() -> [Chunk] {
        lines.isEmpty ? [] : [takeChunk()]
    }

    /// Every chunk of `text`.
    public static func chunks(of text: String) -> [Chunk] {
        var chunker = StatementChunker()
        var out: [Chunk] = []
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: SourceText.isLineBreak).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for line in lines { out += chunker.add(line) }
        return out + chunker.finish()
    }

    private mutating func takeChunk() -> Chunk {
        let chunk = Chunk(text: lines.joined(separator: "\n"), firstLine: firstLine)
        lines = []
        return chunk
    }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    static func continuesPipeline(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("|")
    }
}
