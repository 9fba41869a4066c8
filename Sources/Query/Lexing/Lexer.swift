import Foundation

/// Turns `SourceText` into `Token`s, one at a time, each with its range.
///
/// Words are letters, digits and `_`, starting with a letter or `_`. In
/// `.command` mode (pipelines, `let`, command-line variables) a `-`, `.` or `/`
/// between word characters stays inside the word, so `dk1-month`,
/// `queries/x.efq` and `Europe/Copenhagen` are one word while `area!=DK2` is
/// word, operator, word. In `.expression` mode only `.` joins, so `price-10`
/// is `price`, `-`, `10`; `ExpressionParser` re-reads words that way.
///
/// A `-` is always its own token: the parsers glue it to a number or duration
/// right after it (`-5`, `-10m`). Line breaks inside parentheses are skipped,
/// so an expression may span lines. `#` starts a comment to the end of the line.
public struct Lexer {
    public enum Mode: Sendable, Hashable {
        case command, expression
    }

    public let source: SourceText
    public let mode: Mode
    let chars: [Character]
    var index: Int
    let endIndex: Int
    var parenDepth = 0
    /// True at the start and after a line break or `;`: where `.command` may appear.
    var atStatementStart = true

    /// A lexer over all of `source`, or over the character offsets `range` of it.
    public init(_ source: SourceText, mode: Mode = .command, range: Range<Int>? = nil) {
        self.source = source
        self.mode = mode
        self.chars = source.characters
        let all = 0..<source.count
        let r = range.map { $0.clamped(to: all) } ?? all
        self.index = r.lowerBound
        self.endIndex = r.upperBound
    }

    /// All tokens, ending with one `.end` token; throws at the first bad token.
    public static func tokenize(_ source: SourceText, mode: Mode = .command) throws(QueryError) -> [Token] {
        var lexer = Lexer(source, mode: mode)
        return try lexer.all()
    }

    /// The tokens before the first error, and that error (for completion and
    /// `isComplete`, which must work on broken input). Without an error the
    /// tokens end with `.end`.
    public static func tokenizePrefix(_ source: SourceText, mode: Mode = .command) -> (tokens: [Token], error: QueryError?) {
        var lexer = Lexer(source, mode: mode)
        var tokens: [Token] = []
        while true {
            do {
                let token = try lexer.next()
                tokens.append(token)
                if token.kind == .end { return (tokens, nil) }
            } catch {
                return (tokens, error)
            }
        }
    }

    /// The rest of the tokens, ending with `.end`.
    public mutating func all() throws(QueryError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// The next token; `.end` (again and again) at the end.
    public mutating func next() throws(QueryError) -> Token {
        while true {
            skipSpaceAndComments()
            guard index < endIndex else { return make(.end, from: endIndex) }
            let start = index
            let c = chars[index]
            if SourceText.isLineBreak(c) {
                index += 1
                if parenDepth > 0 { continue }
                atStatementStart = true
                return make(.newline, from: start)
            }
            let token = try lexToken(c, at: start)
            atStatementStart = token.kind == .semicolon
            return token
        }
    }

    private mutating func lexToken(_ c: Character, at start: Int) throws(QueryError) -> Token {
        switch c {
        case "|": return single(.pipe, start)
        case ";": return single(.semicolon, start)
        case ",": return single(.comma, start)
        case "(":
            parenDepth += 1
            return single(.leftParen, start)
        case ")":
            parenDepth = max(0, parenDepth - 1)
            return single(.rightParen, start)
        case "=":
            index += 1
            if peek() == "=" { index += 1 }
            return make(.comparison(.equal), from: start)
        case "!":
            index += 1
            guard peek() == "=" else {
                throw fail(.unexpectedCharacter, "unexpected '!'", start, index,
                           note: "write '!=' for 'not equal', or 'not' before a condition")
            }
            index += 1
            return make(.comparison(.notEqual), from: start)
        case "<":
            index += 1
            if peek() == "=" { index += 1; return make(.comparison(.lessOrEqual), from: start) }
            if peek() == ">" { index += 1; return make(.comparison(.notEqual), from: start) }
            return make(.comparison(.less), from: start)
        case ">":
            index += 1
            if peek() == "=" { index += 1; return make(.comparison(.greaterOrEqual), from: start) }
            return make(.comparison(.greater), from: start)
        case "+": return single(.arithmetic(.add), start)
        case "-": return single(.arithmetic(.subtract), start)
        case "*": return single(.arithmetic(.multiply), start)
        case "/": return single(.arithmetic(.divide), start)
        case "'", "\"": return try lexString(quote: c, at: start)
        case "`": return try lexQuotedName(at: start)
        case "$": return try lexVariable(at: start)
        case ".":
            if atStatementStart, let n = peek(1), Lexer.isWordStart(n) {
                index += 1
                while let n = peek(), Lexer.isWordChar(n) || (n == "-" && peek(1).map(Lexer.isWordChar) == true) {
                    index += 1
                }
                return make(.dotCommand(String(chars[start + 1..<index])), from: start)
            }
            throw fail(.unexpectedCharacter, "unexpected '.'", start, start + 1,
                       note: "commands such as .help start a statement; numbers need a digit before the point (0.5)")
        default:
            if Lexer.isDigit(c) { return try lexNumber(at: start) }
            if Lexer.isWordStart(c) { return lexWord(at: start) }
            throw fail(.unexpectedCharacter, "unexpected character \(Lexer.describe(c))", start, start + 1)
        }
    }

    // MARK: Words and variables

    private mutating func lexWord(at start: Int) -> Token {
        index = start + 1
        while let c = peek() {
            if Lexer.isWordChar(c) {
                index += 1
            } else if joins(c), let n = peek(1), Lexer.isWordChar(n) {
                index += 2
            } else {
                break
            }
        }
        return make(.word(String(chars[start..<index])), from: start)
    }

    private func joins(_ c: Character) -> Bool {
        c == "." || (mode == .command && (c == "-" || c == "/"))
    }

    /// `` `name` ``: any characters but a backquote or a line break, at least one.
    private mutating func lexQuotedName(at start: Int) throws(QueryError) -> Token {
        var i = start + 1
        while let c = char(i), c != "`", !SourceText.isLineBreak(c) { i += 1 }
        guard char(i) == "`" else {
            throw fail(.invalidName, "unterminated column name", start, start + 1,
                       label: "this backquote is never closed", note: "write a column name in backquotes as `name`")
        }
        guard i > start + 1 else {
            throw fail(.invalidName, "empty column name", start, i + 1, note: "write a column name in backquotes as `name`")
        }
        index = i + 1
        return make(.quotedName(String(chars[start + 1..<i])), from: start)
    }

    private mutating func lexVariable(at start: Int) throws(QueryError) -> Token {
        index = start + 1
        guard let first = peek(), Lexer.isWordStart(first) else {
            throw fail(.invalidVariable, "expected a variable name after '$'", start, start + 1,
                       note: "variables are written $name, e.g. $area")
        }
        while let c = peek(), Lexer.isWordChar(c) { index += 1 }
        // `$year-12-31T12:00`: in a command, text glued on by '-', ':', '/'
        // or '.' is part of one template, read whole (its parts need not be
        // tokens: `31T12` is not a number).
        if mode == .command, let c = peek(), "-:/.".contains(c), let n = peek(1), !Lexer.endsTemplate(n) {
            while let c = peek(), !Lexer.endsTemplate(c) { index += 1 }
            return make(.template(String(chars[start..<index])), from: start)
        }
        return make(.variable(String(chars[start + 1..<index])), from: start)
    }

    /// Characters that end a template: space and what separates arguments,
    /// lists, stages and conditions.
    static func endsTemplate(_ c: Character) -> Bool {
        c.isWhitespace || "|;,()=!<>'\"`#+*".contains(c)
    }

    // MARK: Helpers

    private mutating func skipSpaceAndComments() {
        while index < endIndex {
            let c = chars[index]
            if c == "#" {
                while index < endIndex, !SourceText.isLineBreak(chars[index]) { index += 1 }
            } else if c.isWhitespace, !SourceText.isLineBreak(c) {
                index += 1
            } else {
                return
            }
        }
    }

    func peek(_ ahead: Int = 0) -> Character? {
        let i = index + ahead
        return i < endIndex ? chars[i] : nil
    }

    func char(_ i: Int) -> Character? { i < endIndex && i >= 0 ? chars[i] : nil }

    private mutating func single(_ kind: TokenKind, _ start: Int) -> Token {
        index = start + 1
        return make(kind, from: start)
    }

    func make(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind, range: source.range(start, index), text: String(chars[start..<max(start, index)]))
    }

    func fail(_ code: QueryError.Code, _ message: String, _ from: Int, _ to: Int,
              label: String? = nil, note: String? = nil) -> QueryError {
        QueryError(code, message, at: source.range(from, to), in: source, label: label, note: note)
    }

    static func isDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue, c.unicodeScalars.count == 1 else { return false }
        return a >= 48 && a <= 57
    }

    static func isWordStart(_ c: Character) -> Bool { c == "_" || c.isLetter }

    static func isWordChar(_ c: Character) -> Bool { c == "_" || c.isLetter || isDigit(c) }

    /// `'§'`, or `U+0007` for characters that do not print.
    static func describe(_ c: Character) -> String {
        let printable = DiagnosticRenderer.printable(String(c))
        if printable == String(c) { return "'\(c)'" }
        return c.unicodeScalars.map { "U+" + String(format: "%04X", $0.value) }.joined(separator: " ")
    }
}
