import Query
import Tabular

/// Every stage, built in or from a plugin: what the language knows about it
/// (`spec`: name, kind, arguments, help, examples) and, through one of the
/// three kind protocols below, what it does. The executor picks the protocol
/// by `spec.kind`; a stage may conform to more than one.
///
/// The life of a stage in a run:
///
///     source.source(stage, context)            → SourcePlan (.store query or .rows to open)
///     transform.transform(stage, input:, ...)  → PreparedTransform (checked against the input's columns)
///     sink.sink(stage, input:, ...)            → PreparedSink
///
/// Preparation happens while planning when the input's columns are known
/// then (every built-in source), otherwise at run time once the rows are
/// open (`sql`, plugins); either way before any row reaches the sink.
public protocol Stage: Sendable {
    var spec: StageSpec { get }
}

/// Makes rows from nothing: the store, Kafka, a plugin.
public protocol SourceStage: Stage {
    /// What the source reads. `context.timeZone` is already the pipeline's
    /// zone (the source's `tz=` when given). Throw `QueryError` for bad
    /// arguments, pointing at them with `stage.range(of:)`.
    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan
}

/// Rows in, rows out.
public protocol TransformStage: Stage {
    /// Checks the stage against the columns it will receive and returns what
    /// runs. Throw `QueryError` for unknown columns (with "did you mean"),
    /// wrong types and the like.
    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform
}

/// Rows in, text out (to `context.output`).
public protocol SinkStage: Stage {
    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink
}
