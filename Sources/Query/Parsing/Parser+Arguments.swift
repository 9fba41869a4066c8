/// Arguments and values of ordinary stages.
extension Parser {
    mutating func parseArgument(stage: String) throws(QueryError) -> Argument {
        let t = current
        if case .word(let name) = t.kind, case .comparison(let op) = peek(1).kind {
            index += 1
            let opToken = advance()
            let value = try parseValue(after: opToken)
            return .named(NamedArgument(name: name, nameRange: t.range, op: op, opRange: opToken.range, value: value,
                                        range: t.range.union(value.range)))
        }
        if canStartValue(t) { return .positional(try parseValue(after: nil)) }
        switch t.kind {
        case .comparison(let op):
            throw QueryError(.expectedName, "expected an argument name before '\(op.rawValue)'", at: t.range, in: source,
                             note: "arguments are written name=value, e.g. area=DK1")
        case .rightParen:
            throw unmatched(t)
        case .arithmetic(let op):
            throw QueryError(.unexpectedToken, "unexpected \(t.quoted) in the arguments of '\(stage)'",
                             at: t.range, in: source,
                             note: op == .subtract ? "write negative numbers without a space: -5 or -10m"
                                 : "put arithmetic in parentheses, e.g. (price * 2)")
        default:
            throw QueryError(.unexpectedToken, "unexpected \(t.quoted) in the arguments of '\(stage)'",
                             at: t.range, in: source)
        }
    }

    func canStartValue(_ t: Token) -> Bool {
        switch t.kind {
        case .word, .integer, .decimal, .string, .duration, .date, .dateTime, .variable, .template, .leftParen, .quotedName:
            return true
        case .arithmetic(.subtract):
            return isNegativeLiteral(at: index)
        default:
            return false
        }
    }

    /// `-` touching a number or duration right after it.
    func isNegativeLiteral(at i: Int) -> Bool {
        guard i + 1 < tokens.count, tokens[i].kind == .arithmetic(.subtract), tokens[i].touches(tokens[i + 1]) else {
            return false
        }
        switch tokens[i + 1].kind {
        case .integer, .decimal, .duration: return true
        default: return false
        }
    }

    /// A scalar, or a list `a,b,c` of scalars. `after` is the token before the
    /// value (`=`), named in "expected a value after '='".
    mutating func parseValue(after previous: Token?) throws(QueryError) -> ValueSyntax {
        let first = try parseScalar(after: previous)
        guard current.kind == .comma else { return first }
        var items = [first]
        while current.kind == .comma {
            let comma = advance()
            guard items.count < LanguageLimits.listLength else {
                throw QueryError(.tooManyValues, "a list has at most \(LanguageLimits.listLength) values", at: comma.range,
                                 in: source, label: "limit of \(LanguageLimits.listLength) values")
            }
            let item = try parseScalar(after: comma)
            if case .list = item.kind {
                throw QueryError(.unexpectedToken, "lists cannot be nested", at: item.range, in: source)
            }
            items.append(item)
        }
        let range = first.range.union(items[items.count - 1].range)
        return ValueSyntax(.list(items), range: range, text: source.text(in: range))
    }

    mutating func parseScalar(after previous: Token?) throws(QueryError) -> ValueSyntax {
        let t = current
        func scalar(_ kind: ValueSyntax.Kind) -> ValueSyntax {
            index += 1
            return ValueSyntax(kind, range: t.range, text: t.text)
        }
        switch t.kind {
        case .word(let w): return scalar(.word(w))
        case .quotedName(let name): return scalar(.word(name))
        case .integer(let i): return scalar(.integer(i))
        case .decimal(let d): return scalar(.decimal(d))
        case .string(let s): return scalar(.string(s))
        case .duration(let d): return scalar(.duration(d))
        case .date(let d): return scalar(.date(d))
        case .dateTime(let d): return scalar(.dateTime(d))
        case .variable(let v):
            // Text touching a variable makes a template: since=$year-01-01.
            var end = index
            while end + 1 < tokens.count, tokens[end].touches(tokens[end + 1]), Self.continuesTemplate(tokens[end + 1]) {
                end += 1
            }
            guard end > index else { return scalar(.variable(v)) }
            let range = t.range.union(tokens[end].range)
            index = end + 1
            let text = source.text(in: range)
            return ValueSyntax(.template(text), range: range, text: text)
        case .template(let text):
            return scalar(.template(text))
        case .arithmetic(.subtract) where isNegativeLiteral(at: index):
            index += 1
            let number = advance()
            let range = t.range.union(number.range)
            let text = source.text(in: range)
            switch number.kind {
            case .integer(let i): return ValueSyntax(.integer(0 &- i), range: range, text: text)
            case .decimal(let d): return ValueSyntax(.decimal(-d), range: range, text: text)
            case .duration(let d): return ValueSyntax(.duration(d.negated), range: range, text: text)
            default: break
            }
        case .leftParen:
            return try parseParenthesized()
        default:
            break
        }
        guard let previous else {
            throw QueryError(.expectedValue, "expected a value, found \(t.quoted)", at: t.range, in: source)
        }
        throw expected("a value", after: previous)
    }

    /// Tokens that can be part of a template after a variable.
    static func continuesTemplate(_ t: Token) -> Bool {
        switch t.kind {
        case .word, .integer, .decimal, .duration, .date, .dateTime, .variable, .template, .arithmetic: return true
        default: return false
        }
    }

    /// `( expression )` as a value.
    mutating func parseParenthesized() throws(QueryError) -> ValueSyntax {
        let open = advance()
        let start = index
        var depth = 1
        while true {
            let t = current
            if t.endsStage {
                throw QueryError(.unclosedParenthesis, "unclosed '('", at: open.range, in: source,
                                 label: "this '(' is never closed")
            }
            if t.kind == .leftParen { depth += 1 }
            if t.kind == .rightParen {
                depth -= 1
                if depth == 0 { break }
            }
            index += 1
        }
        let close = current
        let inner = tokens[start..<index]
        guard !inner.isEmpty else { throw expected("an expression", after: open) }
        var expression = try ExpressionParser.parse(inner, in: source, after: open)
        index += 1
        let range = open.range.union(close.range)
        expression.range = range
        return ValueSyntax(.expression(expression), range: range, text: source.text(in: range))
    }
}
