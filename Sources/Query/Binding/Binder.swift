/// Checks parsed stages against their specs and produces `BoundStage`s.
///
/// For each stage: the name must be registered (else "unknown stage" with a
/// "did you mean"); `name=value` must name an argument (else "unknown
/// argument", pointing at the name) or, on stages that accept filters, be a
/// column comparison; values are resolved (`$variables`) and checked against
/// the argument's type (pointing at the value); positional values fill the
/// positional arguments in order; an argument given twice, a missing required
/// one (pointing at the stage name) and surplus values are errors; defaults
/// fill the rest. For a pipeline, sources must come first and sinks last.
public struct Binder {
    public var stages: any StageCatalog
    public var environment: Environment
    /// The text the calls were parsed from.
    public var source: SourceText
    /// More names for "did you mean" on unknown stages (e.g. saved queries).
    public var otherStageNames: [String]

    public init(stages: any StageCatalog, environment: Environment = Environment(), source: SourceText,
                otherStageNames: [String] = []) {
        self.stages = stages
        self.environment = environment
        self.source = source
        self.otherStageNames = otherStageNames
    }

    /// Binds every stage of `pipeline` and checks where sources and sinks stand.
    public func bind(_ pipeline: Pipeline) throws(QueryError) -> [BoundStage] {
        var bound: [BoundStage] = []
        for (i, call) in pipeline.stages.enumerated() {
            let stage = try bind(call)
            try checkPlace(of: stage, at: i, of: pipeline.stages.count)
            bound.append(stage)
        }
        return bound
    }

    /// Binds one stage call.
    public func bind(_ call: StageCall) throws(QueryError) -> BoundStage {
        guard let spec = stages.spec(named: call.name) else {
            throw StageRegistry<Void>.unknownStage(call.name, at: call.nameRange, in: source,
                                                   among: stages.allSpecs.map(\.name) + otherStageNames)
        }
        var state = BindingState(spec: spec, call: call)
        let arguments = spec.takesExpression ? try expressionArguments(of: call) : call.arguments
        for argument in arguments {
            switch argument {
            case .named(let named): try bindNamed(named, &state)
            case .positional(let value): try bindPositional(value, &state)
            case .expression(let e):
                guard let target = spec.positionalArguments.first, target.type == .expression else {
                    throw QueryError(.unexpectedToken, "'\(spec.name)' does not take an expression",
                                     at: e.range, in: source, note: "usage: \(spec.usage)")
                }
                let resolved = try environment.resolve(e, in: source)
                try state.set(target, .expression(resolved), range: e.range, valueRange: e.range, binder: self)
            case .items(let list):
                guard spec.syntax.takesItems, state.items == nil else {
                    throw QueryError(.unexpectedToken, "'\(spec.name)' does not take a list of expressions",
                                     at: list.range, in: source, note: "usage: \(spec.usage)")
                }
                state.items = try resolve(list)
            case .pipeline(let pipeline):
                guard spec.syntax == .subPipeline, state.subPipeline == nil else {
                    throw QueryError(.unexpectedToken, "'\(spec.name)' does not take a pipeline", at: pipeline.range,
                                     in: source, note: "usage: \(spec.usage)")
                }
                let bound = try bind(pipeline)
                if let last = bound.last, bound.count > 0, last.kind == .sink {
                    throw QueryError(.misplacedStage, "the pipeline in parentheses gives rows to '\(spec.name)'; it cannot end in '\(last.name)'",
                                     at: last.call.nameRange, in: source, note: "leave the sink out")
                }
                state.subPipeline = bound
            }
        }
        if spec.syntax.takesItems, state.items == nil {
            throw QueryError(.missingArgument, "'\(spec.name)' needs \(spec.syntax == .assignments ? "NAME = EXPRESSION" : "expressions")",
                             at: call.nameRange, in: source, note: "usage: \(spec.usage)")
        }
        if spec.syntax == .subPipeline, state.subPipeline == nil {
            throw QueryError(.missingArgument, "'\(spec.name)' needs a pipeline in parentheses", at: call.nameRange, in: source,
                             note: "usage: \(spec.usage)")
        }
        if let variadic = state.variadic, !state.variadicItems.isEmpty {
            let range = state.variadicRanges.dropFirst().reduce(state.variadicRanges[0]) { $0.union($1) }
            state.bound[variadic.name] = BoundArgument(value: .list(state.variadicItems), range: range,
                                                       valueRange: range, isDefault: false)
        }
        for a in spec.arguments where state.bound[a.name] == nil {
            if a.isRequired {
                throw QueryError(.missingArgument, "missing argument '\(a.name)' for '\(spec.name)'",
                                 at: call.nameRange, in: source, note: "usage: \(spec.usage)")
            }
            if let d = a.defaultValue {
                state.bound[a.name] = BoundArgument(value: d, range: nil, valueRange: nil, isDefault: true)
            }
        }
        return BoundStage(spec: spec, call: call, arguments: state.bound, filters: state.filters, items: state.items,
                          subPipeline: state.subPipeline)
    }

    /// The list with its `$variables` replaced.
    func resolve(_ list: ItemList) throws(QueryError) -> ItemList {
        var copy = list
        for i in copy.items.indices { copy.items[i].expression = try environment.resolve(copy.items[i].expression, in: source) }
        for i in copy.by.indices { copy.by[i].expression = try environment.resolve(copy.by[i].expression, in: source) }
        return copy
    }

    // MARK: Arguments

    /// What is being bound for one call.
    struct BindingState {
        let spec: StageSpec
        let call: StageCall
        var bound: [String: BoundArgument] = [:]
        var filters: [ColumnFilter] = []
        var items: ItemList?
        var subPipeline: [BoundStage]?
        var nextPositional = 0
        let positional: [ArgumentSpec]
        /// The last positional argument when it is a list: it takes every remaining value.
        let variadic: ArgumentSpec?
        var variadicItems: [ArgumentValue] = []
        var variadicRanges: [SourceRange] = []

        init(spec: StageSpec, call: StageCall) {
            self.spec = spec
            self.call = call
            self.positional = spec.positionalArguments
            self.variadic = positional.last.flatMap { $0.type.isList ? $0 : nil }
        }

        mutating func set(_ a: ArgumentSpec, _ value: ArgumentValue, range: SourceRange, valueRange: SourceRange,
                          binder: Binder) throws(QueryError) {
            if let earlier = bound[a.name] ?? (a.name == variadic?.name && !variadicItems.isEmpty
                ? BoundArgument(value: .list(variadicItems), range: variadicRanges.first, valueRange: nil, isDefault: false) : nil) {
                let at = earlier.range.map { " at \($0.start)" } ?? ""
                throw QueryError(.duplicateArgument, "'\(a.name)' is given twice", at: range, in: binder.source,
                                 label: "already given\(at)")
            }
            bound[a.name] = BoundArgument(value: value, range: range, valueRange: valueRange, isDefault: false)
        }
    }

    func bindNamed(_ named: NamedArgument, _ state: inout BindingState) throws(QueryError) {
        let spec = state.spec
        let declared = spec.argument(named: named.name)
        if let declared, named.op == .equal {
            let value = try convert(named.value, to: declared.type, for: declared.name, bounds: declared.bounds,
                                    boundsText: declared.boundsText)
            try state.set(declared, value, range: named.range, valueRange: named.value.range, binder: self)
            return
        }
        let isColumn = spec.columns.isEmpty ? declared == nil : spec.columns.contains(named.name)
        if spec.acceptsFilters, isColumn {
            let value = try environment.resolve(named.value, in: source)
            state.filters.append(ColumnFilter(column: named.name, columnRange: named.nameRange, op: named.op,
                                              value: ArgumentValue(untyped: value), range: named.range))
            return
        }
        if declared != nil {
            throw QueryError(.operatorNotAllowed, "'\(named.name)' takes '=', not '\(named.op.rawValue)'",
                             at: named.opRange, in: source)
        }
        let names = spec.arguments.map(\.name) + (spec.acceptsFilters ? spec.columns : [])
        let takes = names.isEmpty ? "'\(spec.name)' takes no named arguments" : "'\(spec.name)' takes " + names.joined(separator: ", ")
        throw QueryError.unknown(.unknownArgument, "unknown argument '\(named.name)' for '\(spec.name)'",
                                 at: named.nameRange, in: source,
                                 suggestion: Suggestions.closest(to: named.name, among: names), note: takes)
    }

    func bindPositional(_ value: ValueSyntax, _ state: inout BindingState) throws(QueryError) {
        let spec = state.spec
        if state.nextPositional < state.positional.count {
            let target = state.positional[state.nextPositional]
            if target.name == state.variadic?.name {
                if state.bound[target.name] != nil {
                    try state.set(target, .list([]), range: value.range, valueRange: value.range, binder: self)
                }
                let converted = try convert(value, to: target.type, for: target.name, bounds: target.bounds,
                                            boundsText: target.boundsText)
                state.variadicItems += converted.items
                state.variadicRanges.append(value.range)
                return
            }
            state.nextPositional += 1
            let converted = try convert(value, to: target.type, for: target.name, bounds: target.bounds,
                                        boundsText: target.boundsText)
            try state.set(target, converted, range: value.range, valueRange: value.range, binder: self)
            return
        }
        let message = state.positional.isEmpty
            ? "unexpected value \(quoted(value)) for '\(spec.name)'"
            : "too many values for '\(spec.name)'"
        var note = "usage: \(spec.usage)"
        if state.positional.isEmpty, case .word(let w) = value.kind,
           let near = Suggestions.closest(to: w, among: spec.arguments.map(\.name)) {
            note = "arguments are written name=value, e.g. \(near)=…"
        }
        throw QueryError(.tooManyValues, message, at: value.range, in: source, note: note)
    }

    func quoted(_ value: ValueSyntax) -> String {
        let text = value.text.count > 24 ? String(value.text.prefix(23)) + "…" : value.text
        return "'\(DiagnosticRenderer.printable(text))'"
    }

    /// A stage that takes an expression, parsed without knowing it: read its
    /// argument text again as one expression.
    func expressionArguments(of call: StageCall) throws(QueryError) -> [Argument] {
        if call.arguments.isEmpty || call.arguments.contains(where: { if case .expression = $0 { return true }; return false }) {
            return call.arguments
        }
        var lexer = Lexer(source, mode: .expression, range: call.nameRange.end.offset..<call.range.end.offset)
        let tokens = try lexer.all()
        let nameToken = Token(.word(call.name), range: call.nameRange, text: call.name)
        return [.expression(try ExpressionParser.parse(tokens, in: source, after: nameToken))]
    }

    // MARK: Kinds

    public func checkPlace(of stage: BoundStage, at index: Int, of count: Int) throws(QueryError) {
        let range = stage.call.nameRange
        switch stage.kind {
        case .source where index > 0:
            throw QueryError(.misplacedStage, "'\(stage.name)' is a source and can only start a pipeline",
                             at: range, in: source, note: "start another pipeline on a new line or after ';'")
        case .transform where index == 0, .sink where index == 0:
            let sources = stages.allSpecs.filter { $0.kind == .source }.map(\.name).sorted()
            let examples = sources.prefix(4).joined(separator: ", ")
            throw QueryError(.misplacedStage, "'\(stage.name)' needs rows: start the pipeline with a source",
                             at: range, in: source,
                             note: sources.isEmpty ? nil : "sources: \(examples)\(sources.count > 4 ? ", …" : "")")
        case .sink where index < count - 1:
            throw QueryError(.misplacedStage, "'\(stage.name)' is a sink and must end the pipeline",
                             at: range, in: source)
        default:
            return
        }
    }
}
