/// Variables: `let name = value` in a script or at the prompt, and
/// `name=value` on the command line. Values are kept as written (already
/// free of `$variables`) and typed only where used, so `let d = 7d` works for
/// any argument that takes a duration.
public struct Environment: Sendable, Hashable {
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var value: ValueSyntax
        /// The text where it was defined (a script, the command line).
        public var origin: SourceText?
    }

    public private(set) var variables: [String: Variable] = [:]

    public init() {}

    public var names: [String] { variables.keys.sorted() }

    public subscript(_ name: String) -> ValueSyntax? { variables[name]?.value }

    /// Defines or redefines `name`. `value` must not contain variables (resolve it first).
    public mutating func define(_ name: String, _ value: ValueSyntax, origin: SourceText? = nil) {
        variables[name] = Variable(name: name, value: value, origin: origin)
    }

    /// Runs a `let`: resolves the variables in its value, then defines it.
    public mutating func apply(_ statement: LetStatement, in source: SourceText) throws(QueryError) {
        let value = try resolve(statement.value, in: source)
        define(statement.name, value, origin: source)
    }

    /// Defines a variable from a command-line `name=value`; see `parseAssignment`.
    public mutating func define(commandLine text: String) throws(QueryError) {
        let (name, value, source) = try Environment.parseAssignment(text)
        define(name, value, origin: source)
    }

    /// Reads `name=value` as given on the command line (source name
    /// `<command line>`). The value is read like an argument value (`DK1,DK2`,
    /// `7d`, `'x'`); when it is not one value (`Hello World`, `it's`) it is
    /// taken as a string, because the shell has already removed any quotes.
    /// `name=` is the empty string.
    public static func parseAssignment(_ text: String) throws(QueryError) -> (name: String, value: ValueSyntax, source: SourceText) {
        let source = SourceText(text, name: "<command line>")
        let chars = source.characters
        guard let equals = chars.firstIndex(of: "=") else {
            throw QueryError(.invalidName, "expected name=value, found '\(DiagnosticRenderer.printable(text))'",
                             at: source.range(0, chars.count), in: source,
                             note: "variables on the command line are written name=value, e.g. area=DK2")
        }
        let name = String(chars[..<equals])
        guard Parser.isIdentifier(name) else {
            throw QueryError(.invalidName, "invalid variable name '\(DiagnosticRenderer.printable(name))'",
                             at: source.range(0, max(equals, 1)), in: source,
                             note: "a name is letters, digits and _, starting with a letter or _")
        }
        let valueRange = source.range(equals + 1, chars.count)
        let raw = source.text(in: valueRange)
        var lexer = Lexer(source, range: equals + 1..<chars.count)
        if let tokens = try? lexer.all() {
            var parser = Parser(tokens: tokens, source: source, takesExpression: { _ in false })
            if let value = try? parser.parseValue(after: nil), parser.current.kind == .end, value.isResolved {
                return (name, value, source)
            }
        }
        return (name, ValueSyntax(.string(raw), range: valueRange, text: raw), source)
    }

    // MARK: Resolving

    /// `value` with every `$variable` replaced by its value; the replacement
    /// keeps the text it was defined with but takes the range of the `$name`
    /// it replaces, so errors point at the use. Lists from variables are
    /// spliced into lists. Unknown names throw `.unknownVariable` with "did you mean".
    public func resolve(_ value: ValueSyntax, in source: SourceText?) throws(QueryError) -> ValueSyntax {
        switch value.kind {
        case .variable(let name):
            var found = try lookup(name, at: value.range, in: source)
            found.range = value.range
            if case .list(let items) = found.kind {
                found.kind = .list(items.map { var item = $0; item.range = value.range; return item })
            }
            return found
        case .list(let items):
            var out: [ValueSyntax] = []
            for item in items {
                let resolved = try resolve(item, in: source)
                if case .list(let inner) = resolved.kind { out += inner } else { out.append(resolved) }
            }
            var copy = value
            copy.kind = .list(out)
            return copy
        case .expression(let e):
            var copy = value
            copy.kind = .expression(try resolve(e, in: source))
            return copy
        case .template(let text):
            return try substitute(text, at: value.range, in: source)
        default:
            return value
        }
    }

    /// A template (`$year-01-01`) with its variables replaced by their
    /// values' text, read as a value; every part takes the template's range.
    func substitute(_ template: String, at range: SourceRange, in source: SourceText?) throws(QueryError) -> ValueSyntax {
        var text = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            guard chars[i] == "$", i + 1 < chars.count, Lexer.isWordStart(chars[i + 1]) else {
                text.append(chars[i])
                i += 1
                continue
            }
            var j = i + 1
            while j < chars.count, Lexer.isWordChar(chars[j]) { j += 1 }
            let value = try lookup(String(chars[i + 1..<j]), at: range, in: source)
            if case .string(let s) = value.kind { text += s } else { text += value.text }
            i = j
        }
        do {
            var value = try Parser.parseValue(SourceText(text))
            func move(_ v: inout ValueSyntax) {
                v.range = range
                if case .list(var items) = v.kind {
                    for k in items.indices { move(&items[k]) }
                    v.kind = .list(items)
                }
            }
            move(&value)
            return value
        } catch {
            throw QueryError(.wrongType, "\(template) reads '\(DiagnosticRenderer.printable(text))', which is not a value",
                             at: range, in: source, label: error.message)
        }
    }

    /// `expression` with every `$variable` replaced by its value as a literal:
    /// a word becomes text (`let a = DK1` then `area = $a` compares with 'DK1'),
    /// a list a list, an expression itself.
    public func resolve(_ expression: Expression, in source: SourceText?) throws(QueryError) -> Expression {
        try expression.rewritten { (e: Expression) throws(QueryError) -> Expression in
            guard case .variable(let name) = e.kind else { return e }
            let value = try lookup(name, at: e.range, in: source)
            return Environment.expression(from: value, at: e.range)
        }
    }

    /// A value as an expression of literals, all at `range`.
    static func expression(from value: ValueSyntax, at range: SourceRange) -> Expression {
        let kind: Expression.Kind
        switch value.kind {
        case .word(let w): kind = .literal(.string(w))
        case .string(let s): kind = .literal(.string(s))
        case .integer(let i): kind = .literal(.integer(i))
        case .decimal(let d): kind = .literal(.decimal(d))
        case .duration(let d): kind = .literal(.duration(d))
        case .date(let d): kind = .literal(.date(d))
        case .dateTime(let t): kind = .literal(.dateTime(t))
        case .list(let items): kind = .list(items.map { expression(from: $0, at: range) })
        case .variable(let name): kind = .variable(name)
        case .template(let text): kind = .literal(.string(text))
        case .expression(let e): kind = e.kind
        }
        return Expression(kind, range: range)
    }

    func lookup(_ name: String, at range: SourceRange, in source: SourceText?) throws(QueryError) -> ValueSyntax {
        if let variable = variables[name] { return variable.value }
        throw QueryError.unknown(.unknownVariable, "unknown variable '$\(name)'", at: range, in: source,
                                 suggestion: Suggestions.closest(to: name, among: names),
                                 quote: { "'$\($0)'" },
                                 note: "define it with 'let \(name) = …' or \(name)=… on the command line")
    }
}
