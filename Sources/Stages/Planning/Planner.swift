import Foundation
import Query
import Tabular

/// Turns a bound pipeline into a `Plan`.
///
/// The source says what it reads. When that is the store, the stages after
/// it are offered to the query one by one (`PreparedTransform.pushDown`):
/// `where`, `select`, `sort`, `limit`, `top` and the source's own filters,
/// time ranges and grouping all become one parameterised statement. The
/// first stage that cannot be pushed, and every stage after it, runs in
/// memory. Stages are checked against their input's columns here whenever
/// those are known, so a misspelt column is reported before anything runs.
/// A pipeline without a sink gets `context.defaultSink`.
public struct Planner {
    public var registry: StageRegistry<any Stage>

    public init(registry: StageRegistry<any Stage>) {
        self.registry = registry
    }

    /// Plans `stages` (bound from `context.statement`). Throws `QueryError`s
    /// for the user's mistakes and `ExecutionError(.internal)` for stages
    /// that do not implement their kind.
    public func plan(_ stages: [BoundStage], context: ExecutionContext) throws -> Plan {
        try plan(stages, context: context, sink: true)
    }

    /// Plans `stages`; without `sink` the pipeline must end without one and
    /// the plan has none (a join's pipeline in parentheses).
    public func plan(_ stages: [BoundStage], context: ExecutionContext, sink: Bool) throws -> Plan {
        guard let first = stages.first else {
            throw QueryError(.expectedStage, "the pipeline is empty", at: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)),
                             in: context.statement)
        }
        guard first.kind == .source else {
            throw QueryError(.misplacedStage, "'\(first.name)' needs rows: start the pipeline with a source",
                             at: first.call.nameRange, in: context.statement)
        }
        var context = context
        context.registry = registry
        context.timeZone = try Self.timeZone(of: first, default: context.timeZone, source: context.statement)

        var steps: [Plan.Step] = []
        var schema: Schema?
        var query: StoreQuery?
        var rowSource: RowSource?
        let sourcePlan = try Self.attributed(first) {
            try implementation(first, as: (any SourceStage).self).source(first, context: Self.context(context, for: first))
        }
        switch sourcePlan {
        case .store(let q):
            query = q
            schema = q.schema
            steps.append(Plan.Step(stage: first, placement: .store, isDefaultSink: false, output: q.schema))
        case .rows(let r):
            rowSource = r
            schema = r.schema
            steps.append(Plan.Step(stage: first, placement: .rows, isDefaultSink: false, output: r.schema))
        }

        var rest = stages.dropFirst()
        var sinkStage: BoundStage?
        if let last = rest.last, last.kind == .sink {
            sinkStage = last
            rest = rest.dropLast()
        }
        var pushing = query != nil && context.pushDown
        for stage in rest {
            guard stage.kind == .transform else {
                throw QueryError(.misplacedStage, "'\(stage.name)' cannot stand here: a \(stage.kind.rawValue) must "
                                 + (stage.kind == .source ? "start" : "end") + " the pipeline",
                                 at: stage.call.nameRange, in: context.statement)
            }
            let transform = try implementation(stage, as: (any TransformStage).self)
            guard let input = schema else {
                steps.append(Plan.Step(stage: stage, placement: .memory, isDefaultSink: false, output: nil))
                continue
            }
            let prepared = try Self.attributed(stage) {
                try transform.transform(stage, input: input, context: Self.context(context, for: stage))
            }
            if pushing, var q = query, let push = prepared.pushDown, try push(&q) {
                query = q
                schema = q.schema
                steps.append(Plan.Step(stage: stage, placement: .store, isDefaultSink: false, output: q.schema))
                continue
            }
            pushing = false
            schema = prepared.output
            steps.append(Plan.Step(stage: stage, placement: .memory, isDefaultSink: false, output: prepared.output,
                                   prepared: prepared, preparedFor: input))
        }

        guard sink else {
            if let sinkStage {
                throw QueryError(.misplacedStage, "'\(sinkStage.name)' writes text; this pipeline gives rows to another stage",
                                 at: sinkStage.call.nameRange, in: context.statement)
            }
            return Plan(steps: steps, query: query, rowSource: rowSource, timeZone: context.timeZone, hasSink: false)
        }
        let isDefault = sinkStage == nil
        let sink = try sinkStage ?? defaultSink(after: stages, context: context)
        var sinkStep = Plan.Step(stage: sink, placement: .memory, isDefaultSink: isDefault, output: nil)
        let sinkImplementation = try implementation(sink, as: (any SinkStage).self)
        if let input = schema {
            sinkStep.preparedSink = try Self.attributed(sink) {
                try sinkImplementation.sink(sink, input: input, context: Self.context(context, for: sink))
            }
            sinkStep.preparedFor = input
        }
        steps.append(sinkStep)
        return Plan(steps: steps, query: query, rowSource: rowSource, timeZone: context.timeZone)
    }

    /// The context a stage is prepared in: the text it was written in as the statement.
    static func context(_ context: ExecutionContext, for stage: BoundStage) -> ExecutionContext {
        guard let origin = stage.origin else { return context }
        var copy = context
        copy.statement = origin
        return copy
    }

    /// Runs `body`; an error about a stage written elsewhere (a saved query's)
    /// points into that text.
    static func attributed<T>(_ stage: BoundStage, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as QueryError where error.source == nil && stage.origin != nil {
            error.source = stage.origin
            throw error
        } catch var error as ExecutionError where error.query != nil && error.query?.source == nil && stage.origin != nil {
            error.query?.source = stage.origin
            throw error
        }
    }

    /// The stage's implementation as the protocol its kind needs.
    func implementation<P>(_ stage: BoundStage, as: P.Type) throws -> P {
        guard let entry = registry.entry(named: stage.name) else {
            throw ExecutionError(.internal, "stage '\(stage.name)' is not registered with the executor")
        }
        guard let typed = entry.implementation as? P else {
            throw ExecutionError(.internal, "stage '\(stage.name)' is declared a \(stage.kind.rawValue) but cannot run as one")
        }
        return typed
    }

    /// The session's default sink, bound as if written at the end of the pipeline.
    func defaultSink(after stages: [BoundStage], context: ExecutionContext) throws -> BoundStage {
        let end = stages.last?.call.range.end ?? SourcePosition(offset: 0, line: 1, column: 1)
        let call = StageCall(name: context.defaultSink, nameRange: SourceRange(at: end), arguments: [],
                             range: SourceRange(at: end))
        let stage = try Binder(stages: registry, source: context.statement ?? SourceText("")).bind(call)
        guard stage.kind == .sink else {
            throw ExecutionError(.internal, "the default output '\(context.defaultSink)' is not a sink")
        }
        return stage
    }

    /// The source's `tz=` as a zone (IANA names, matched ignoring case), else `fallback`.
    static func timeZone(of stage: BoundStage, default fallback: TimeZone, source: SourceText?) throws(QueryError) -> TimeZone {
        guard stage.isGiven("tz"), let name = stage.text("tz") else { return fallback }
        if let zone = TimeZone(identifier: name) { return zone }
        let known = TimeZone.knownTimeZoneIdentifiers
        if let match = known.first(where: { $0.lowercased() == name.lowercased() }), let zone = TimeZone(identifier: match) {
            return zone
        }
        throw QueryError.unknownTimeZone(name, at: stage.range(of: "tz"), in: source,
                                         suggestion: Suggestions.closest(to: name, among: known))
    }
}
