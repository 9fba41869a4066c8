/// Everything the language knows about a stage: its name, kind, arguments,
/// help and examples. Built-in stages and plugins describe themselves with one.
public struct StageSpec: Sendable, Hashable {
    public var name: String
    public var kind: StageKind
    /// One line for `.help`.
    public var summary: String
    public var arguments: [ArgumentSpec]
    /// Whole statements that use the stage; tests parse, bind and run each.
    public var examples: [String]
    /// How the stage's arguments are written (see `StageSyntax`).
    public var syntax: StageSyntax
    /// The arguments are one expression (`where price > 100 and area = DK1`),
    /// bound to the stage's one `.expression` argument at position 0.
    public var takesExpression: Bool { syntax == .expression }
    /// Comparisons on columns are allowed as arguments (`price>100`,
    /// `area!=DK2`) and land in `BoundStage.filters`: for sources whose
    /// filters the planner pushes into SQL. A declared argument with `=` is
    /// still that argument.
    public var acceptsFilters: Bool
    /// Columns the stage outputs, when known ahead: help, completion, and
    /// "did you mean" for filters. Empty means unknown (any name may be a filter).
    public var columns: [String]
    /// Paragraphs for `.help STAGE` beyond the summary: what a user must know.
    public var notes: [String] = []

    public init(name: String, kind: StageKind, summary: String, arguments: [ArgumentSpec] = [],
                examples: [String] = [], takesExpression: Bool = false, syntax: StageSyntax? = nil,
                acceptsFilters: Bool = false, columns: [String] = []) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.arguments = arguments
        self.examples = examples
        self.syntax = syntax ?? (takesExpression ? .expression : .arguments)
        self.acceptsFilters = acceptsFilters
        self.columns = columns
    }

    public func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name }
    }

    /// The positional arguments in order.
    public var positionalArguments: [ArgumentSpec] {
        arguments.filter { $0.position != nil }.sorted { ($0.position ?? 0) < ($1.position ?? 0) }
    }

    /// `sort <by> [<order>]`, `daily [area=WORD,...] [last=DURATION]`, `where <condition>`.
    public var usage: String {
        var parts = [name]
        switch syntax {
        case .assignments: parts.append("NAME = EXPR[, NAME = EXPR …]")
        case .items: parts.append("EXPR [as NAME][, EXPR [as NAME] …]")
        case .aggregation: parts.append("AGG [as NAME][, …] [by KEY [as NAME][, …]]")
        case .subPipeline: parts.append("( PIPELINE )")
        case .arguments, .expression: break
        }
        let positional = positionalArguments
        for (i, a) in positional.enumerated() {
            let variadic = i == positional.count - 1 && a.type.isList ? "..." : ""
            parts.append(a.isRequired ? "<\(a.name)>\(variadic)" : "[<\(a.name)>\(variadic)]")
        }
        for a in arguments where a.position == nil {
            let text = "\(a.name)=\(a.type.placeholder)"
            parts.append(a.isRequired ? text : "[\(text)]")
        }
        if acceptsFilters { parts.append("[COLUMN op VALUE ...]") }
        return parts.joined(separator: " ")
    }

    /// Checks that the spec can be used: a name that reads as one word, argument
    /// names that do too, no repeats, positions distinct, a list only as the
    /// last positional, defaults of the declared type, and one `.expression`
    /// argument at position 0 when `takesExpression`. Throws `.invalidStageSpec`.
    public func validate() throws(QueryError) {
        func invalid(_ message: String) -> QueryError {
            QueryError(.invalidStageSpec, "stage '\(name)': \(message)", at: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)))
        }
        guard StageSpec.isSingleWord(name) else { throw invalid("the name must be one word, like daily or dk1-month") }
        var seen = Set<String>()
        for a in arguments {
            guard StageSpec.isSingleWord(a.name) else { throw invalid("argument name '\(a.name)' must be one word") }
            guard seen.insert(a.name).inserted else { throw invalid("argument '\(a.name)' is declared twice") }
            if let d = a.defaultValue, !d.conforms(to: a.type) {
                throw invalid("the default \(d) of '\(a.name)' is not \(a.type.expectation)")
            }
            if a.isRequired, a.defaultValue != nil { throw invalid("'\(a.name)' is required and has a default") }
        }
        let positional = positionalArguments
        guard Set(positional.compactMap(\.position)).count == positional.count else {
            throw invalid("two arguments share a position")
        }
        for (i, a) in positional.enumerated() where a.type.isList && i != positional.count - 1 {
            throw invalid("list argument '\(a.name)' must be the last positional one")
        }
        if takesExpression {
            guard let first = positional.first, first.type == .expression, first.position == 0 else {
                throw invalid("a stage that takes an expression needs an .expression argument at position 0")
            }
        }
    }

    static func isSingleWord(_ text: String) -> Bool {
        guard let tokens = try? Lexer.tokenize(SourceText(text)), tokens.count == 2,
              case .word(let w) = tokens[0].kind else { return false }
        return w == text
    }
}
