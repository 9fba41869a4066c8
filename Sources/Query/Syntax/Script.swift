/// A parsed script: statements in order, with the text they came from.
public struct Script: Sendable, Hashable {
    public var statements: [Statement]
    public var source: SourceText

    public init(statements: [Statement], source: SourceText) {
        self.statements = statements
        self.source = source
    }
}

/// One statement: a pipeline, `let name = value`, `.command args`, or `explain pipeline`.
public enum Statement: Sendable, Hashable {
    case pipeline(Pipeline)
    case `let`(LetStatement)
    case dotCommand(DotCommand)
    /// `explain <pipeline>`: show the plan instead of running it.
    case explain(Pipeline, keywordRange: SourceRange)

    public var range: SourceRange {
        switch self {
        case .pipeline(let p): return p.range
        case .let(let l): return l.range
        case .dotCommand(let d): return d.range
        case .explain(let p, let keyword): return keyword.union(p.range)
        }
    }
}

/// `let name = value`.
public struct LetStatement: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var value: ValueSyntax
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, value: ValueSyntax, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
        self.range = range
    }
}

/// `.help daily`, `.mode csv`, `.width 100`: a command for the shell, not a pipeline.
public struct DotCommand: Sendable, Hashable {
    /// The name without the dot.
    public var name: String
    public var nameRange: SourceRange
    /// The values after the name, parsed like argument values.
    public var arguments: [ValueSyntax]
    /// The text after the name up to the end of the statement, trimmed, as written.
    public var argumentText: String
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, arguments: [ValueSyntax], argumentText: String, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        self.argumentText = argumentText
        self.range = range
    }
}
