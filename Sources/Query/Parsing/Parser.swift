/// Parses a script into statements: pipelines, `let`, dot commands, `explain`.
///
///     script    := statement ((NEWLINE | ';') statement)*
///     statement := pipeline | 'let' NAME '=' value | '.'command chunk* | 'explain' pipeline
///     pipeline  := stage ('|' NEWLINE* stage)*      -- a line starting with '|' continues it
///     stage     := NAME arg*   |   NAME expression  (stages whose spec takes an expression)
///     arg       := NAME op value | value
///     value     := scalar (',' scalar)*
///     scalar    := word | number | string | duration | date | date-time | $var
///                | '-' number | '-' duration | '(' expression ')'
///
/// `let` and `explain` are keywords at the start of a statement. How each
/// stage's arguments are written comes from the stage catalog
/// (`StageSpec.syntax`): a stage that takes an expression reads its argument
/// text up to `|`, `;` or the end of the line as one expression (see
/// `ExpressionParser`); `extend`, `select` and `summarize` read item lists;
/// `join` reads `( PIPELINE )` first.
public struct Parser {
    public let source: SourceText
    var tokens: [Token]
    var index = 0
    let syntax: (String) -> StageSyntax
    /// How deep this pipeline is inside others (`join ( … )`).
    var pipelineDepth = 0

    init(tokens: [Token], source: SourceText, syntax: @escaping (String) -> StageSyntax) {
        self.source = source
        self.tokens = tokens
        self.syntax = syntax
    }

    init(tokens: [Token], source: SourceText, takesExpression: @escaping (String) -> Bool) {
        self.init(tokens: tokens, source: source, syntax: { takesExpression($0) ? .expression : .arguments })
    }

    /// Parses `source`, asking `stages` how each stage's arguments are written.
    public static func parse(_ source: SourceText, stages: some StageCatalog) throws(QueryError) -> Script {
        var syntaxes: [String: StageSyntax] = [:]
        for spec in stages.allSpecs where spec.syntax != .arguments { syntaxes[spec.name] = spec.syntax }
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(tokens: tokens, source: source, syntax: { syntaxes[$0] ?? .arguments })
        return try parser.parseScript()
    }

    /// Parses `source`; the stages named in `expressionStages` take an expression.
    public static func parse(_ source: SourceText, expressionStages: Set<String> = []) throws(QueryError) -> Script {
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(tokens: tokens, source: source, takesExpression: { expressionStages.contains($0) })
        return try parser.parseScript()
    }

    /// Parses one value (`DK1,DK2`, `7d`, `'text'`) that must be all of `source`.
    public static func parseValue(_ source: SourceText) throws(QueryError) -> ValueSyntax {
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(tokens: tokens, source: source, takesExpression: { _ in false })
        let value = try parser.parseValue(after: nil)
        let rest = parser.current
        guard rest.kind == .end else {
            throw QueryError(.unexpectedToken, "unexpected \(rest.quoted) after the value", at: rest.range, in: source,
                             note: "quote text that has spaces or symbols, e.g. 'two words'")
        }
        return value
    }

    // MARK: Statements

    mutating func parseScript() throws(QueryError) -> Script {
        var statements: [Statement] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { index += 1 }
            if current.kind == .end { break }
            statements.append(try parseStatement())
            guard current.endsStatement else {
                throw QueryError(.unexpectedToken, "unexpected \(current.quoted)", at: current.range, in: source)
            }
        }
        return Script(statements: statements, source: source)
    }

    mutating func parseStatement() throws(QueryError) -> Statement {
        let first = current
        switch first.kind {
        case .dotCommand:
            return .dotCommand(try parseDotCommand())
        case .word("let"):
            return .let(try parseLet())
        case .word("explain"):
            index += 1
            guard current.isWord else {
                throw expected("a pipeline", after: first)
            }
            return .explain(try parsePipeline(), keywordRange: first.range)
        case .word:
            return .pipeline(try parsePipeline())
        case .pipe:
            throw QueryError(.expectedStage, "unexpected '|' at start of pipeline", at: first.range, in: source,
                             note: "a pipeline starts with a stage name, e.g. daily | chart")
        case .rightParen:
            throw unmatched(first)
        default:
            throw QueryError(.expectedStage, "expected a stage name, found \(first.quoted)", at: first.range, in: source)
        }
    }

    mutating func parseLet() throws(QueryError) -> LetStatement {
        let keyword = advance()
        let nameToken = current
        guard case .word(let name) = nameToken.kind else { throw expected("a variable name", after: keyword) }
        guard Parser.isIdentifier(name) else {
            throw QueryError(.invalidName, "invalid variable name '\(name)'", at: nameToken.range, in: source,
                             note: "a name is letters, digits and _, starting with a letter or _")
        }
        index += 1
        let equals = current
        guard equals.kind == .comparison(.equal) else { throw expected("'='", after: nameToken) }
        index += 1
        let value = try parseValue(after: equals)
        guard current.endsStatement else {
            throw QueryError(.unexpectedToken, "unexpected \(current.quoted) after the value of '\(name)'",
                             at: current.range, in: source,
                             note: "a list is written DK1,DK2; quote text that has spaces")
        }
        return LetStatement(name: name, nameRange: nameToken.range, value: value,
                            range: keyword.range.union(value.range))
    }

    /// `.name` then whitespace-separated chunks: a chunk that reads as one value
    /// is that value; any other chunk (`/tmp/x.csv`) is a word of its text.
    mutating func parseDotCommand() throws(QueryError) -> DotCommand {
        let command = advance()
        guard case .dotCommand(let name) = command.kind else { throw expected("a command", after: command) }
        var arguments: [ValueSyntax] = []
        var last = command
        while !current.endsStatement {
            var chunk = [advance()]
            while !current.endsStatement, chunk[chunk.count - 1].touches(current) { chunk.append(advance()) }
            last = chunk[chunk.count - 1]
            let range = chunk[0].range.union(last.range)
            let end = Token(.end, range: SourceRange(at: range.end), text: "")
            var sub = Parser(tokens: chunk + [end], source: source, takesExpression: { _ in false })
            if let value = try? sub.parseValue(after: nil), sub.current.kind == .end {
                arguments.append(value)
            } else {
                let text = source.text(in: range)
                arguments.append(ValueSyntax(.word(text), range: range, text: text))
            }
        }
        let argumentText = arguments.isEmpty ? "" : source.text(in: arguments[0].range.union(last.range))
        return DotCommand(name: name, nameRange: command.range, arguments: arguments, argumentText: argumentText,
                          range: command.range.union(last.range))
    }

    // MARK: Pipelines and stages

    mutating func parsePipeline() throws(QueryError) -> Pipeline {
        var stages = [try parseStage()]
        while true {
            if current.kind == .newline, let next = nextSignificant(), tokens[next].kind == .pipe {
                index = next  // a line starting with '|' continues the pipeline
            }
            guard current.kind == .pipe else { break }
            let pipe = advance()
            while current.kind == .newline { index += 1 }
            guard current.isWord else {
                throw expected("a stage name", after: pipe, atEndOf: current.endsStage && current.kind != .pipe)
            }
            guard stages.count < LanguageLimits.stages else {
                throw QueryError(.other, "a pipeline has at most \(LanguageLimits.stages) stages", at: current.range, in: source,
                                 label: "limit of \(LanguageLimits.stages) stages")
            }
            stages.append(try parseStage())
        }
        return Pipeline(stages: stages, range: stages[0].range.union(stages[stages.count - 1].range))
    }

    mutating func parseStage() throws(QueryError) -> StageCall {
        let nameToken = advance()
        guard case .word(let name) = nameToken.kind else { throw expected("a stage name", after: nameToken) }
        var arguments: [Argument] = []
        switch syntax(name) {
        case .expression:
            let start = index
            while !current.endsStage { index += 1 }
            guard index > start else { throw expected("an expression", after: nameToken) }
            let expression = try ExpressionParser.parse(tokens[start..<index], in: source, after: nameToken)
            arguments.append(.expression(expression))
        case .assignments, .items, .aggregation:
            let style = syntax(name)
            let start = index
            while !current.endsStage { index += 1 }
            var parser = try ExpressionParser(tokens: tokens[start..<index], source: source, after: nameToken)
            arguments.append(.items(try parser.parseItems(style: style == .assignments ? .assignments : .expressions,
                                                          allowBy: style == .aggregation, stage: nameToken)))
        case .subPipeline:
            arguments.append(.pipeline(try parseSubPipeline(after: nameToken)))
            while !current.endsStage {
                if case .word("on") = current.kind, !peek(1).isComparison {
                    let on = advance()
                    let value = try parseValue(after: on)
                    arguments.append(.named(NamedArgument(name: "on", nameRange: on.range, op: .equal, opRange: on.range,
                                                          value: value, range: on.range.union(value.range))))
                    continue
                }
                arguments.append(try parseArgument(stage: name))
            }
        case .arguments:
            while !current.endsStage { arguments.append(try parseArgument(stage: name)) }
        }
        let range = arguments.last.map { nameToken.range.union($0.range) } ?? nameToken.range
        return StageCall(name: name, nameRange: nameToken.range, arguments: arguments, range: range)
    }

    /// `( PIPELINE )` after `stage`: the tokens up to the matching `)`, parsed
    /// as one pipeline by a parser of its own.
    mutating func parseSubPipeline(after stage: Token) throws(QueryError) -> Pipeline {
        guard current.kind == .leftParen else {
            throw QueryError(.unexpectedToken, "expected '(' and a pipeline after \(stage.quoted)",
                             at: current.endsStage ? stage.range : current.range, in: source,
                             note: "e.g. \(stage.word ?? "join") (daily area=DK2) on day")
        }
        let open = advance()
        let start = index
        var depth = 1
        while true {
            let t = current
            if t.kind == .end || (t.endsStatement && t.kind != .newline) {
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
        let close = advance()
        guard pipelineDepth + 1 < LanguageLimits.pipelineNesting else {
            throw QueryError(.other, "pipelines nest at most \(LanguageLimits.pipelineNesting) deep", at: open.range, in: source,
                             label: "limit of \(LanguageLimits.pipelineNesting) nested pipelines")
        }
        let inner = Array(tokens[start..<(index - 1)])
        guard inner.contains(where: { $0.kind != .newline }) else {
            throw QueryError(.expectedStage, "expected a pipeline between the parentheses", at: open.range.union(close.range),
                             in: source, note: "e.g. \(stage.word ?? "join") (daily area=DK2) on day")
        }
        let end = Token(.end, range: SourceRange(at: close.range.start), text: "")
        var parser = Parser(tokens: inner.filter { $0.kind != .newline } + [end], source: source, syntax: syntax)
        parser.pipelineDepth = pipelineDepth + 1
        guard parser.current.isWord else {
            throw QueryError(.expectedStage, "expected a stage name, found \(parser.current.quoted)", at: parser.current.range,
                             in: source, note: "a pipeline starts with a source, e.g. daily area=DK2")
        }
        let pipeline = try parser.parsePipeline()
        guard parser.current.kind == .end else {
            throw QueryError(.unexpectedToken, "unexpected \(parser.current.quoted) in the pipeline in parentheses",
                             at: parser.current.range, in: source)
        }
        return pipeline
    }

    // MARK: Helpers

    var current: Token { tokens[min(index, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = current
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    /// The index of the next token after the current one that is not a newline.
    func nextSignificant() -> Int? {
        var i = index
        while i < tokens.count, tokens[i].kind == .newline { i += 1 }
        return i < tokens.count ? i : nil
    }

    /// "expected X after 'previous'": at the current token, or at `previous`
    /// when the statement or stage has ended there.
    func expected(_ what: String, after previous: Token, atEndOf ended: Bool? = nil) -> QueryError {
        let atEnd = ended ?? current.endsStage
        let code: QueryError.Code
        switch what {
        case "a value": code = .expectedValue
        case "a stage name", "a pipeline": code = .expectedStage
        case "an expression": code = .expectedExpression
        default: code = .expectedName
        }
        return QueryError(code, "expected \(what) after \(previous.quoted)",
                          at: atEnd ? previous.range : current.range, in: source)
    }

    func unmatched(_ t: Token) -> QueryError {
        QueryError(.unmatchedParenthesis, "unexpected ')'", at: t.range, in: source,
                   note: "there is no '(' for it to close")
    }

    /// Letters, digits and `_`, starting with a letter or `_`: what `$name` can refer to.
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, Lexer.isWordStart(first) else { return false }
        return name.allSatisfy(Lexer.isWordChar)
    }
}
