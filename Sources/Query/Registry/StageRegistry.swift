/// The one place every stage registers: its spec (what the language checks)
/// and its implementation (what runs).
///
/// The seam to the executor is `Implementation`: the registry stores it and
/// hands it back, never looks inside. The executor picks the type, typically a
/// protocol or closure that turns a `BoundStage` into something runnable:
///
///     protocol StageFactory: Sendable { func make(_ stage: BoundStage) throws -> any RunnableStage }
///     var registry = StageRegistry<any StageFactory>()
///     try registry.register(dailySpec, DailyFactory())
///     let bound = try Binder(stages: registry, source: source).bind(pipeline)
///     let runnable = try bound.map { try registry.entry(named: $0.spec.name)!.implementation.make($0) }
///
/// Language-only code (tests, completion) can use `StageRegistry<Void>`.
/// Registering a name twice is an error; `replace` is the explicit way for a
/// plugin to shadow a built-in (and returns what it replaced, for a warning).
public struct StageRegistry<Implementation>: StageCatalog {
    public struct Entry {
        public var spec: StageSpec
        public var implementation: Implementation
    }

    private var entries: [String: Entry] = [:]
    /// Names in registration order.
    private var order: [String] = []

    public init() {}

    /// Adds a stage; throws `.invalidStageSpec` for a bad spec and
    /// `.duplicateStage` when the name is taken.
    public mutating func register(_ spec: StageSpec, _ implementation: Implementation) throws(QueryError) {
        try spec.validate()
        guard entries[spec.name] == nil else {
            throw QueryError(.duplicateStage, "a stage named '\(spec.name)' is already registered",
                             at: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)),
                             note: "use replace to shadow it on purpose")
        }
        entries[spec.name] = Entry(spec: spec, implementation: implementation)
        order.append(spec.name)
    }

    /// Adds or replaces a stage; returns the entry it replaced.
    @discardableResult
    public mutating func replace(_ spec: StageSpec, _ implementation: Implementation) throws(QueryError) -> Entry? {
        try spec.validate()
        let old = entries[spec.name]
        entries[spec.name] = Entry(spec: spec, implementation: implementation)
        if old == nil { order.append(spec.name) }
        return old
    }

    public func entry(named name: String) -> Entry? { entries[name] }

    public func spec(named name: String) -> StageSpec? { entries[name]?.spec }

    /// The stage called `name`, or an `.unknownStage` error at `range` with a
    /// "did you mean" over the stage names and `alsoSuggesting` (e.g. saved query names).
    public func lookup(_ name: String, at range: SourceRange, in source: SourceText? = nil,
                       alsoSuggesting others: [String] = []) throws(QueryError) -> Entry {
        if let entry = entries[name] { return entry }
        throw StageRegistry.unknownStage(name, at: range, in: source, among: order + others)
    }

    static func unknownStage(_ name: String, at range: SourceRange, in source: SourceText?,
                             among names: [String]) -> QueryError {
        QueryError.unknown(.unknownStage, "unknown stage '\(name)'", at: range, in: source,
                           suggestion: Suggestions.closest(to: name, among: names),
                           note: "'.help' lists the stages")
    }

    /// All stages in registration order.
    public var allSpecs: [StageSpec] { order.compactMap { entries[$0]?.spec } }

    /// The names, in registration order (for completion).
    public var names: [String] { order }

    /// The stages of one kind, by name.
    public func specs(of kind: StageKind) -> [StageSpec] {
        allSpecs.filter { $0.kind == kind }.sorted { $0.name < $1.name }
    }

    public var count: Int { order.count }
}

extension StageRegistry: Sendable where Implementation: Sendable {}
extension StageRegistry.Entry: Sendable where Implementation: Sendable {}
