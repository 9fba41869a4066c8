import Basics
import Tabular

/// What a token is, with its value already decoded.
public enum TokenKind: Sendable, Hashable {
    /// A name or bare value: `daily`, `area`, `DK1`, `dk1-month`, `Europe/Copenhagen`.
    case word(String)
    case integer(Int64)
    case decimal(Double)
    /// A quoted string, escapes decoded.
    case string(String)
    case duration(DurationLiteral)
    case date(Day)
    case dateTime(DateTimeLiteral)
    /// `$name` (the name without `$`).
    case variable(String)
    /// `$year-01-01`: a variable with text touching it (command mode only),
    /// as written; its value is the text with the variables filled in.
    case template(String)
    /// `` `2024` ``, `` `wind share` ``: a column name in backquotes (always a column).
    case quotedName(String)
    /// `.help` at the start of a statement (the name without `.`).
    case dotCommand(String)
    case comparison(ComparisonOperator)
    case arithmetic(ArithmeticOperator)
    case pipe, semicolon, newline, comma, leftParen, rightParen
    /// The end of the input (an empty range).
    case end
}

/// One token with where it came from.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    public var kind: TokenKind
    public var range: SourceRange
    /// The source text of the token, as written.
    public var text: String

    public init(_ kind: TokenKind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// True when nothing (not even a space) separates `self` from `next`.
    public func touches(_ next: Token) -> Bool { range.end.offset == next.range.start.offset }

    /// Newline, `;`, `|` and the end: what ends a stage's arguments.
    public var endsStage: Bool {
        switch kind {
        case .newline, .semicolon, .pipe, .end: return true
        default: return false
        }
    }

    /// Newline, `;` and the end: what ends a statement.
    public var endsStatement: Bool {
        switch kind {
        case .newline, .semicolon, .end: return true
        default: return false
        }
    }

    public var isComparison: Bool {
        if case .comparison = kind { return true }
        return false
    }

    public var isWord: Bool {
        if case .word = kind { return true }
        return false
    }

    public var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    /// How messages name the token: `'|'`, `'decide'`, `end of line`, `end of input`.
    public var quoted: String {
        switch kind {
        case .newline: return "end of line"
        case .end: return "end of input"
        case .string:
            // Already in quotes as written.
            let shown = text.count > 24 ? String(text.prefix(23)) + "…" : text
            return DiagnosticRenderer.printable(shown)
        default:
            let shown = text.count > 24 ? String(text.prefix(23)) + "…" : text
            return "'\(DiagnosticRenderer.printable(shown))'"
        }
    }

    /// `word(daily)@1:1-1:6`, for debugging and token dumps.
    public var description: String { "\(kind)@\(range)" }
}
