extension Parser {
    /// Whether `text` is a whole input, or the REPL should read another line:
    /// false when it ends (comments and blank lines aside) with `|`, or inside an
    /// open quote or parenthesis. Other errors count as complete, so that
    /// submitting shows them.
    public static func isComplete(_ text: String) -> Bool {
        let (tokens, error) = Lexer.tokenizePrefix(SourceText(text))
        if error?.code == .unterminatedString { return false }
        var depth = 0
        var last: TokenKind?
        for token in tokens {
            switch token.kind {
            case .leftParen: depth += 1
            case .rightParen: depth = max(0, depth - 1)
            case .newline, .end: continue
            default: break
            }
            last = token.kind
        }
        if error == nil, depth > 0 { return false }
        return last != .pipe || error != nil
    }
}
