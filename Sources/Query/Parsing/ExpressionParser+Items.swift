/// The item lists of `extend`, `select` and `summarize` (see `ItemList`).
///
///     assignments := NAME '=' expr ((',' | ) NAME '=' expr)*
///     items       := item ((',' | ) item)*          item := expr ['as' NAME]
///     aggregation := items ['by' items]
///
/// Items are separated by commas, or by nothing when the next one plainly
/// starts (`select day price production`). Inside an item a comma list
/// (`area = DK1,DK2`) needs parentheses. NAME is a word or a `` `quoted name` ``.
extension ExpressionParser {
    public enum ItemStyle: Sendable {
        /// `NAME = EXPR`.
        case assignments
        /// `EXPR [as NAME]`.
        case expressions
    }

    /// All remaining tokens as an item list. `stage` is the stage's name token.
    public mutating func parseItems(style: ItemStyle, allowBy: Bool, stage: Token) throws(QueryError) -> ItemList {
        allowLists = false
        var items: [ExpressionItem] = []
        var by: [ExpressionItem] = []
        var byRange: SourceRange?
        guard peek() != nil else {
            throw QueryError(.expectedExpression,
                             style == .assignments ? "expected NAME = EXPRESSION after \(stage.quoted)"
                                 : "expected an expression after \(stage.quoted)",
                             at: stage.range, in: source, note: Self.shape(style, allowBy: allowBy, stage: stage))
        }
        while true {
            let item = try parseItem(style: byRange == nil ? style : .expressions, stage: stage, allowBy: allowBy)
            if byRange == nil { items.append(item) } else { by.append(item) }
            guard items.count + by.count <= LanguageLimits.listLength else {
                throw QueryError(.tooManyValues, "more than \(LanguageLimits.listLength) items", at: item.range, in: source,
                                 label: "limit of \(LanguageLimits.listLength) items")
            }
            guard let next = peek() else { break }
            if next.kind == .comma {
                index += 1
                guard peek() != nil else { throw expected(style == .assignments && byRange == nil ? "NAME = EXPRESSION" : "an expression") }
                continue
            }
            if allowBy, byRange == nil, isKeyword("by") {
                byRange = next.range
                index += 1
                guard peek() != nil else { throw expected("a column or expression to group by") }
                continue
            }
            if startsItem(style: byRange == nil ? style : .expressions) { continue }
            throw QueryError(.unexpectedToken, "unexpected \(next.quoted) in the arguments of \(stage.quoted)",
                             at: next.range, in: source, note: Self.shape(style, allowBy: allowBy, stage: stage))
        }
        let last = (by.last ?? items[items.count - 1]).range
        return ItemList(items: items, by: by, byRange: byRange, range: items[0].range.union(last))
    }

    mutating func parseItem(style: ItemStyle, stage: Token, allowBy: Bool) throws(QueryError) -> ExpressionItem {
        switch style {
        case .assignments:
            guard let nameToken = peek(), let name = Self.name(of: nameToken) else {
                throw QueryError(.expectedName, "expected a name for the new column, found \(peek()?.quoted ?? "end of input")",
                                 at: peek()?.range ?? stage.range, in: source, note: Self.shape(style, allowBy: allowBy, stage: stage))
            }
            index += 1
            guard let equals = peek(), equals.kind == .comparison(.equal) else {
                throw QueryError(.unexpectedToken, "expected '=' after '\(name)'", at: peek()?.range ?? nameToken.range,
                                 in: source, note: Self.shape(style, allowBy: allowBy, stage: stage))
            }
            index += 1
            guard peek() != nil else { throw expected("an expression") }
            let expression = try parseExpression()
            return ExpressionItem(expression: expression, name: name, nameRange: nameToken.range,
                                  range: nameToken.range.union(expression.range))
        case .expressions:
            let expression = try parseExpression()
            guard isKeyword("as"), let keyword = peek() else { return ExpressionItem(expression: expression, range: expression.range) }
            index += 1
            guard let nameToken = peek(), let name = Self.name(of: nameToken) ?? nameToken.kind.stringValue else {
                throw QueryError(.expectedName, "expected a name after 'as'", at: peek()?.range ?? keyword.range, in: source,
                                 note: "e.g. avg(price) as price")
            }
            index += 1
            return ExpressionItem(expression: expression, name: name, nameRange: nameToken.range,
                                  range: expression.range.union(nameToken.range))
        }
    }

    /// Whether the next tokens begin another item without a comma.
    func startsItem(style: ItemStyle) -> Bool {
        guard let t = peek() else { return false }
        switch style {
        case .assignments:
            guard Self.name(of: t) != nil, index + 1 < tokens.count else { return false }
            return tokens[index + 1].kind == .comparison(.equal)
        case .expressions:
            switch t.kind {
            case .word(let w): return !["and", "or", "as", "by"].contains(w.lowercased())
            case .integer, .decimal, .string, .duration, .date, .dateTime, .variable, .quotedName, .leftParen: return true
            default: return false
            }
        }
    }

    /// A word that can name a column, or a `` `quoted name` ``.
    static func name(of token: Token) -> String? {
        switch token.kind {
        case .word(let w) where !["and", "or", "not", "as", "by", "true", "false"].contains(w.lowercased()): return w
        case .quotedName(let n): return n
        default: return nil
        }
    }

    static func shape(_ style: ItemStyle, allowBy: Bool, stage: Token) -> String {
        let name = stage.word ?? stage.text
        switch style {
        case .assignments: return "write \(name) NAME = EXPRESSION, e.g. \(name) margin = max_price - min_price"
        case .expressions where allowBy:
            return "write \(name) AGGREGATE [as NAME], … [by KEY [as NAME], …], e.g. \(name) avg(price) by area, month(time)"
        case .expressions: return "write \(name) EXPRESSION [as NAME], …, e.g. \(name) day, price * 7.46 as price_dkk"
        }
    }
}

extension TokenKind {
    /// A string's text (a quoted name may also be written as a string after `as`).
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
