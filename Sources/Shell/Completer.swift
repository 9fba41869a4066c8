import Basics
import Foundation
import LineEditor
import Query

/// Tab completion for the REPL: what may come at the cursor, from the
/// registry (stage names, argument names, choices, columns), the saved
/// queries (names and parameters), the dot commands, the variables and the
/// price areas. Returns replacements for `context.word`; LineEditor inserts
/// a unique one, extends a common prefix or lists them.
public struct Completer {
    /// The stages known now (never waits for plugin discovery).
    public var stages: () -> any StageCatalog
    /// All stages, plugins included, waiting for discovery: asked only when
    /// `stages` offers nothing (a plugin's name typed before discovery ended).
    public var allStages: (() -> any StageCatalog)?
    public var library: SavedQueryLibrary
    /// Variable names defined so far.
    public var variables: () -> [String]
    /// Price area codes.
    public var areas: () -> [String]
    /// The names of the rules files `decide rules=` can use.
    public var rules: () -> [String]

    public static let defaultAreas = ["DK1", "DK2", "DE", "NO2", "SE3", "SE4", "SYSTEM"]

    public init(stages: @escaping () -> any StageCatalog, allStages: (() -> any StageCatalog)? = nil,
                library: SavedQueryLibrary,
                variables: @escaping () -> [String] = { [] }, areas: @escaping () -> [String] = { Completer.defaultAreas },
                rules: @escaping () -> [String] = { [] }) {
        self.rules = rules
        self.stages = stages
        self.allStages = allStages
        self.library = library
        self.variables = variables
        self.areas = areas
    }

    public func candidates(_ context: CompletionContext) -> [String] {
        let found = candidates(context, catalog: stages())
        guard found.isEmpty, let allStages else { return found }
        return candidates(context, catalog: allStages())
    }

    func candidates(_ context: CompletionContext, catalog: any StageCatalog) -> [String] {
        let word = context.word
        if word.hasPrefix("$") {
            return matching(variables().map { "$" + $0 }, word)
        }
        var statement = Self.currentStatement(context.lineBeforeWord)
        if statement.isEmpty {
            if word.hasPrefix(".") { return matching(DotCommandCatalog.names.map { "." + $0 }, word) }
            return matching(sourceNames(catalog) + ["let", "explain"], word)
        }
        if case .dotCommand(let name) = statement[0].kind {
            return statement.count == 1 ? matching(dotCommandArguments(name, catalog: catalog), word) : []
        }
        if statement[0].kind == .word("let") { return [] }
        if statement[0].kind == .word("explain") { statement.removeFirst() }

        let current = Self.splitAtPipes(statement)
        guard let tokens = current.last, let first = tokens.first, case .word(let stageName) = first.kind else {
            // At a stage name: sources first, then what may follow a pipe.
            if current.count <= 1 { return matching(sourceNames(catalog), word) }
            return matching(catalog.allSpecs.filter { $0.kind != .source }.map(\.name), word)
        }
        let columns = Self.columns(of: current.dropLast().compactMap { $0.first?.word }
                                      + (current.count == 1 ? [stageName] : []), in: catalog)
        if let spec = catalog.spec(named: stageName) {
            if let argument = Self.argumentBeingValued(tokens, lineBeforeWord: context.lineBeforeWord) {
                return matching(values(for: argument, spec: spec, columns: columns), word)
            }
            return matching(arguments(of: spec, given: tokens, columns: columns), word)
        }
        if library.entry(named: stageName) != nil, let query = try? library.load(stageName) {
            if let argument = Self.argumentBeingValued(tokens, lineBeforeWord: context.lineBeforeWord) {
                return argument == "area" ? matching(areas(), word) : []
            }
            let given = Set(Self.givenNames(tokens))
            return matching(query.parameters.map(\.name).filter { !given.contains($0) }.map { $0 + "=" }, word)
        }
        return []
    }

    // MARK: Candidates

    /// Sources and saved queries: what a statement starts with.
    func sourceNames(_ catalog: any StageCatalog) -> [String] {
        catalog.allSpecs.filter { $0.kind == .source }.map(\.name) + library.names
    }

    func dotCommandArguments(_ name: String, catalog: any StageCatalog) -> [String] {
        switch name {
        case "help":
            return catalog.allSpecs.map(\.name) + library.names + DotCommandCatalog.names
        case "show":
            return library.names
        default:
            return DotCommandCatalog.entry(named: name)?.choices ?? []
        }
    }

    /// `name=` for arguments not given yet, values of positional arguments, and columns.
    func arguments(of spec: StageSpec, given tokens: [Token], columns: [String]) -> [String] {
        if spec.takesExpression || spec.syntax.takesItems { return columns + FunctionTable.names.map { $0 + "(" } }
        let given = Set(Self.givenNames(tokens))
        var out = spec.arguments.filter { !given.contains($0.name) }.map { $0.name + "=" }
        for argument in spec.positionalArguments {
            out += values(of: argument.type, named: argument.name, columns: columns)
        }
        // Filters on columns; a column that is also an argument (area) is filtered through the argument.
        if spec.acceptsFilters { out += columns.filter { spec.argument(named: $0) == nil } }
        return out
    }

    /// Values for argument `name` of `spec`, or for a filter on column `name`.
    func values(for name: String, spec: StageSpec, columns: [String]) -> [String] {
        if let argument = spec.argument(named: name) {
            return values(of: argument.type, named: name, columns: columns)
        }
        return name == "area" ? areas() : []
    }

    func values(of type: ArgumentType, named name: String, columns: [String]) -> [String] {
        if name == "area" { return areas() }
        if name == "tz" { return [MarketTimeZone.identifier, "UTC"] }
        if name == "rules" { return rules() }
        switch type {
        case .choice(let words): return words
        case .bool: return ["true", "false"]
        case .column, .expression: return columns
        case .list(let inner): return values(of: inner, named: name, columns: columns)
        case .oneOf(let types): return types.flatMap { values(of: $0, named: name, columns: columns) }
        default: return []
        }
    }

    /// The candidates that start with `word`; when none does, those that do ignoring case (`dk` → DK1, DK2).
    func matching(_ candidates: [String], _ word: String) -> [String] {
        var seen = Set<String>()
        let exact = candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        if !exact.isEmpty { return exact }
        let lower = word.lowercased()
        return candidates.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }
    }

    // MARK: Reading the line

    /// The tokens of the statement the cursor is in (after the last `;` or line break).
    static func currentStatement(_ text: String) -> [Token] {
        var statement: [Token] = []
        for token in Lexer.tokenizePrefix(SourceText(text)).tokens {
            switch token.kind {
            case .semicolon, .newline: statement = []
            case .end: break
            default: statement.append(token)
            }
        }
        return statement
    }

    /// The stages of a statement, split at `|` (the last may be empty: a stage name comes next).
    static func splitAtPipes(_ tokens: [Token]) -> [[Token]] {
        var stages: [[Token]] = [[]]
        for token in tokens {
            if token.kind == .pipe { stages.append([]) } else { stages[stages.count - 1].append(token) }
        }
        return stages
    }

    /// The columns the named stages announce, in order, without repeats.
    static func columns(of names: [String], in catalog: any StageCatalog) -> [String] {
        var seen = Set<String>()
        return names.flatMap { catalog.spec(named: $0)?.columns ?? [] }.filter { seen.insert($0).inserted }
    }

    /// Names written as `name=` / `name op` in a stage's tokens.
    static func givenNames(_ tokens: [Token]) -> [String] {
        zip(tokens, tokens.dropFirst()).compactMap { pair in
            if case .word(let w) = pair.0.kind, case .comparison = pair.1.kind { return w }
            return nil
        }
    }

    /// When the cursor is right after `name=` (or `name>` …, or a `,` in its
    /// list), the name; nil at an argument's start.
    static func argumentBeingValued(_ tokens: [Token], lineBeforeWord: String) -> String? {
        guard let last = lineBeforeWord.last, last != " ", last != "\t" else { return nil }
        var i = tokens.count - 1
        // Back over `value ,` pairs of a list.
        while i >= 1, tokens[i].kind == .comma { i -= 2 }
        guard i >= 1, case .comparison = tokens[i].kind, case .word(let name) = tokens[i - 1].kind else { return nil }
        return name
    }
}
