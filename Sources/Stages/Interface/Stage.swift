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

/// Where a source's rows come from.
public enum SourcePlan {
    /// A query on the store that the planner may extend with the stages
    /// after it (filters, sorting, limits) before it runs as one statement.
    case store(StoreQuery)
    /// Rows made at run time: a live Kafka tail, a plugin, the `sql` escape hatch.
    case rows(RowSource)
}

/// A source that opens its own row stream when the pipeline runs.
public struct RowSource {
    /// The columns, when known before running; nil when only the opened
    /// stream knows them (the stages after it are then checked at run time).
    public var schema: Schema?
    /// For `explain`: what runs, e.g. "read-only SQL: select 1" or "Kafka topics elspot_topic".
    public var description: String
    /// Opens the rows. Runs on the executor's thread; may block (connecting, first fetch).
    public var open: (ExecutionContext) throws -> any RowStream

    public init(schema: Schema?, description: String, open: @escaping (ExecutionContext) throws -> any RowStream) {
        self.schema = schema
        self.description = description
        self.open = open
    }
}

/// A transform checked against its input: its output columns, how to run it
/// in memory and, for stages the planner can put into SQL, how to do that.
public struct PreparedTransform {
    /// The columns it emits; nil when only running tells (an external
    /// plugin): the stages after it are then checked at run time, on the
    /// schema of the stream `apply` returns.
    public var output: Schema?
    /// True when it reads all its input before emitting anything (sort, top,
    /// decide): on a live source it emits only when the source ends.
    public var isBlocking: Bool
    /// Adds the stage to a store query and returns true, or returns false
    /// (leaving the query as it was) when it cannot be expressed there. nil
    /// for stages that only run in memory.
    public var pushDown: ((inout StoreQuery) throws -> Bool)?
    /// Runs the stage over rows in memory.
    public var apply: (any RowStream, ExecutionContext) throws -> any RowStream

    public init(output: Schema?, isBlocking: Bool = false, pushDown: ((inout StoreQuery) throws -> Bool)? = nil,
                apply: @escaping (any RowStream, ExecutionContext) throws -> any RowStream) {
        self.output = output
        self.isBlocking = isBlocking
        self.pushDown = pushDown
        self.apply = apply
    }
}

/// A sink checked against its input.
public struct PreparedSink {
    /// Pulls every row from the stream and writes to `context.output`.
    /// Write as rows come when `rows.isLive`; flush the output before returning.
    public var write: (any RowStream, ExecutionContext) throws -> Void

    public init(write: @escaping (any RowStream, ExecutionContext) throws -> Void) {
        self.write = write
    }
}
