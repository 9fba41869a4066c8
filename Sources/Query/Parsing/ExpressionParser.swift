/// Parses an `Expression` from a run of tokens: the condition of `where`, a
/// value in parentheses, the condition of a rule in a rules file.
///
/// The caller picks the tokens, e.g. a rules-file parser lexes a line with
/// `Lexer` and hands over the tokens after `when`:
///
///     var parser = try ExpressionParser(tokens: tokens[from..<to], source: source, after: whenToken)
///     let condition = try parser.parseExpression()   // the longest expression at the start
///     // parser.remaining: the tokens after it (e.g. the rule's "reason" string)
///
/// or `ExpressionParser.parse(_:in:after:)` when the tokens must be exactly one
/// expression. `after` is the token before the run (`where`, `when`, `(`); error
/// messages name it ("expected an expression after 'where'"). Words lexed in
/// `.command` mode with `-` or `/` inside (`price-10`) are split again the
/// expression way. Grammar and precedence: see `Expression`.
public struct ExpressionParser {
    public let source: SourceText
    var tokens: [Token]
    var index = 0
    let context: Token?
    /// Whether `a,b` lists are allowed here (not between a call's arguments).
    var allowLists = true
    /// How deep parentheses, `not`, unary minus and calls are inside each other here.
    var nesting = 0
    /// Parts made so far (see `LanguageLimits.expressionSize`).
    var size = 0

    public init(tokens: some Collection<Token>, source: SourceText, after context: Token? = nil) throws(QueryError) {
        self.source = source
        self.context = context
        var expanded: [Token] = []
        for token in tokens {
            if token.kind == .end { break }
            let relex: Bool
            switch token.kind {
            case .word(let w): relex = w.contains(where: { $0 == "-" || $0 == "/" })
            case .template: relex = true
            default: relex = false
            }
            if relex {
                var lexer = Lexer(source, mode: .expression, range: token.range.start.offset..<token.range.end.offset)
                for part in try lexer.all() where part.kind != .end { expanded.append(part) }
            } else {
                expanded.append(token)
            }
        }
        self.tokens = expanded
    }

    /// Exactly one expression from all of `tokens`.
    public static func parse(_ tokens: some Collection<Token>, in source: SourceText, after context: Token? = nil) throws(QueryError) -> Expression {
        var parser = try ExpressionParser(tokens: tokens, source: source, after: context)
        let expression = try parser.parseExpression()
        if let extra = parser.peek() { throw parser.unexpected(extra) }
        return expression
    }

    /// The tokens not consumed yet.
    public var remaining: ArraySlice<Token> { tokens[index...] }

    /// The longest expression at the start of the remaining tokens.
    public mutating func parseExpression() throws(QueryError) -> Expression {
        let expression = try parseOr()
        try checkDepth(expression)
        return expression
    }

    // MARK: Grammar

    mutating func parseOr() throws(QueryError) -> Expression {
        var terms = [try parseAnd()]
        while isKeyword("or") {
            index += 1
            terms.append(try parseAnd())
            try grow()
        }
        return Self.balanced(terms[...]) { .or($0, $1) }
    }

    mutating func parseAnd() throws(QueryError) -> Expression {
        var terms = [try parseNot()]
        while isKeyword("and") {
            index += 1
            terms.append(try parseNot())
            try grow()
        }
        return Self.balanced(terms[...]) { .and($0, $1) }
    }

    /// `a and b and c …` as a balanced tree (the same truth value, as both are
    /// associative), so a long chain stays shallow: (and (and a b) c) for
    /// three terms, halves for more.
    static func balanced(_ terms: ArraySlice<Expression>, _ make: (Expression, Expression) -> Expression.Kind) -> Expression {
        if terms.count == 1 { return terms[terms.startIndex] }
        let middle = terms.startIndex + (terms.count + 1) / 2
        let left = balanced(terms[..<middle], make), right = balanced(terms[middle...], make)
        return Expression(make(left, right), range: left.range.union(right.range))
    }

    mutating func parseNot() throws(QueryError) -> Expression {
        if isKeyword("not"), let keyword = peek() {
            index += 1
            try enter(keyword)
            let operand = try parseNot()
            nesting -= 1
            return Expression(.not(operand), range: keyword.range.union(operand.range))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(QueryError) -> Expression {
        let left = try parseOperand()
        guard let opToken = peek(), case .comparison(let op) = opToken.kind else { return left }
        index += 1
        let right = try parseOperand()
        if let next = peek(), case .comparison = next.kind {
            throw QueryError(.chainedComparison, "comparisons cannot be chained", at: next.range, in: source,
                             note: "join them with 'and': a < b and b < c")
        }
        return Expression(.comparison(op, left, right), range: left.range.union(right.range))
    }

    /// A sum, or a comma list of sums (`DK1,DK2`) where lists are allowed.
    mutating func parseOperand() throws(QueryError) -> Expression {
        let first = try parseAdditive()
        guard allowLists, peek()?.kind == .comma else { return first }
        var items = [first]
        while peek()?.kind == .comma {
            index += 1
            items.append(try parseAdditive())
        }
        return Expression(.list(items), range: first.range.union(items[items.count - 1].range))
    }

    mutating func parseAdditive() throws(QueryError) -> Expression {
        var left = try parseTerm()
        while let t = peek(), case .arithmetic(let op) = t.kind, op == .add || op == .subtract {
            index += 1
            try grow()
            let right = try parseTerm()
            left = Expression(.arithmetic(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    mutating func parseTerm() throws(QueryError) -> Expression {
        var left = try parseUnary()
        while let t = peek(), case .arithmetic(let op) = t.kind, op == .multiply || op == .divide {
            index += 1
            try grow()
            let right = try parseUnary()
            left = Expression(.arithmetic(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    mutating func parseUnary() throws(QueryError) -> Expression {
        guard let minus = peek(), minus.kind == .arithmetic(.subtract) else { return try parsePrimary() }
        index += 1
        try enter(minus)
        let operand = try parseUnary()
        nesting -= 1
        let range = minus.range.union(operand.range)
        // `-5` is the number -5, not a negation of 5.
        switch operand.kind {
        case .literal(.integer(let i)): return Expression(.literal(.integer(0 &- i)), range: range)
        case .literal(.decimal(let d)): return Expression(.literal(.decimal(-d)), range: range)
        case .literal(.duration(let d)): return Expression(.literal(.duration(d.negated)), range: range)
        default: return Expression(.negate(operand), range: range)
        }
    }

    mutating func parsePrimary() throws(QueryError) -> Expression {
        guard let t = peek() else { throw expected("an expression") }
        try grow()
        func literal(_ l: Expression.Literal) -> Expression {
            index += 1
            return Expression(.literal(l), range: t.range)
        }
        switch t.kind {
        case .integer(let i): return literal(.integer(i))
        case .decimal(let d): return literal(.decimal(d))
        case .string(let s): return literal(.string(s))
        case .duration(let d): return literal(.duration(d))
        case .date(let d): return literal(.date(d))
        case .dateTime(let d): return literal(.dateTime(d))
        case .variable(let name):
            index += 1
            return Expression(.variable(name), range: t.range)
        case .quotedName(let name):
            index += 1
            return Expression(.column(name), range: t.range)
        case .leftParen:
            index += 1
            try enter(t)
            defer { nesting -= 1 }
            let saved = allowLists
            allowLists = true
            defer { allowLists = saved }
            var inner = try parseOr()
            guard let close = peek() else { throw unclosed(t) }
            guard close.kind == .rightParen else { throw unexpected(close) }
            index += 1
            inner.range = t.range.union(close.range)
            return inner
        case .word(let word):
            switch word.lowercased() {
            case "true": return literal(.bool(true))
            case "false": return literal(.bool(false))
            case "and", "or", "not": throw expected("an expression")
            default: break
            }
            index += 1
            if peek()?.kind == .leftParen { return try parseCall(name: t) }
            return Expression(.identifier(word), range: t.range)
        default:
            throw expected("an expression")
        }
    }

    mutating func parseCall(name: Token) throws(QueryError) -> Expression {
        guard let open = peek(), let functionName = name.word else { throw expected("'('") }
        index += 1
        try enter(open)
        defer { nesting -= 1 }
        let saved = allowLists
        allowLists = false
        defer { allowLists = saved }
        var arguments: [Expression] = []
        if let t = peek(), t.kind == .rightParen {
            index += 1
            return Expression(.call(functionName, []), range: name.range.union(t.range))
        }
        while true {
            arguments.append(try parseOr())
            guard let t = peek() else { throw unclosed(open) }
            index += 1
            switch t.kind {
            case .comma: continue
            case .rightParen: return Expression(.call(functionName, arguments), range: name.range.union(t.range))
            default:
                throw QueryError(.unexpectedToken, "expected ',' or ')' in the arguments of '\(functionName)', found \(t.quoted)",
                                 at: t.range, in: source)
            }
        }
    }

    // MARK: Limits

    /// One level deeper at `token`; an error beyond `LanguageLimits.nesting`.
    mutating func enter(_ token: Token) throws(QueryError) {
        nesting += 1
        guard nesting <= LanguageLimits.nesting else {
            throw QueryError(.other, "the expression nests more than \(LanguageLimits.nesting) levels deep",
                             at: token.range, in: source,
                             label: "limit of \(LanguageLimits.nesting) nested parentheses, not, minus or calls",
                             note: "write it with fewer levels")
        }
    }

    /// One part more; an error beyond `LanguageLimits.expressionSize`.
    mutating func grow() throws(QueryError) {
        size += 1
        guard size <= LanguageLimits.expressionSize else {
            let at = peek()?.range ?? tokens[max(0, index - 1)].range
            throw QueryError(.other, "the expression has more than \(LanguageLimits.expressionSize) parts",
                             at: at, in: source, label: "limit of \(LanguageLimits.expressionSize) parts",
                             note: "split it up, or filter in several steps")
        }
    }

    /// The tree's depth within `LanguageLimits.expressionDepth` (counted without recursion).
    func checkDepth(_ expression: Expression) throws(QueryError) {
        var stack = [(expression, 1)]
        while let (e, depth) = stack.popLast() {
            guard depth <= LanguageLimits.expressionDepth else {
                throw QueryError(.other, "the expression is more than \(LanguageLimits.expressionDepth) levels deep",
                                 at: e.range, in: source, label: "limit of \(LanguageLimits.expressionDepth) levels",
                                 note: "a chain such as a + b + c + … counts a level per term; use fewer terms")
            }
            for child in e.children { stack.append((child, depth + 1)) }
        }
    }

    // MARK: Helpers

    func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

    func isKeyword(_ keyword: String) -> Bool {
        guard let w = peek()?.word else { return false }
        return w.lowercased() == keyword
    }

    /// "expected X after 'previous'", at the token found, or at the previous
    /// token when the run has ended.
    func expected(_ what: String) -> QueryError {
        let previous = index > 0 ? tokens[index - 1] : context
        let after = previous.map { " after \($0.quoted)" } ?? ""
        let range = peek()?.range ?? previous?.range ?? SourceRange(at: source.position(at: 0))
        return QueryError(what == "an expression" ? .expectedExpression : .unexpectedToken,
                          "expected \(what)\(after)", at: range, in: source)
    }

    func unclosed(_ open: Token) -> QueryError {
        QueryError(.unclosedParenthesis, "unclosed '('", at: open.range, in: source,
                   label: "this '(' is never closed")
    }

    func unexpected(_ t: Token) -> QueryError {
        if t.kind == .rightParen {
            return QueryError(.unmatchedParenthesis, "unexpected ')'", at: t.range, in: source,
                              note: "there is no '(' for it to close")
        }
        return QueryError(.unexpectedToken, "unexpected \(t.quoted) after the expression", at: t.range, in: source,
                          note: "join conditions with 'and' or 'or'")
    }
}
