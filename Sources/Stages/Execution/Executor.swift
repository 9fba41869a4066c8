import Foundation
import Postgres
import Query
import Tabular

/// The entry point the shell calls: runs (or explains) one bound pipeline.
///
///     let executor = Executor()                      // the built-in stages
///     let bound = try Binder(stages: executor.registry, environment: env, source: source).bind(pipeline)
///     let summary = try executor.run(bound, source: source, context: context.forRun(token))
///
/// Results go to `context.output`; errors are thrown as `ExecutionError`
/// (`.query` → exit 1 with `rendered()` carets, `.connection` → exit 3,
/// `.cancelled` after Ctrl-C). Runs on the calling thread and blocks until
/// the sink is done; call it from a thread of its own, not the Swift
/// concurrency pool.
public struct Executor: Sendable {
    public let registry: StageRegistry<any Stage>

    public init(registry: StageRegistry<any Stage> = BuiltinStages.registry) {
        self.registry = registry
    }

    public var planner: Planner { Planner(registry: registry) }

    /// Plans without running (no database needed): what `explain` shows.
    public func plan(_ stages: [BoundStage], source: SourceText, context: ExecutionContext) throws(ExecutionError) -> Plan {
        var context = context
        context.statement = source
        do {
            return try planner.plan(stages, context: context)
        } catch {
            throw Self.classify(error, stage: stages.first, source: source)
        }
    }

    /// Writes the plan of `stages` to `context.output`.
    @discardableResult
    public func explain(_ stages: [BoundStage], source: SourceText, context: ExecutionContext) throws(ExecutionError) -> ExecutionSummary {
        let start = Date()
        let plan = try plan(stages, source: source, context: context)
        do {
            try context.output.write(plan.explanation)
            try context.output.flush()
        } catch {
            throw Self.classify(error, stage: nil, source: source)
        }
        let statement = plan.statement
        return ExecutionSummary(rows: 0, elapsed: Date().timeIntervalSince(start), sql: statement?.sql,
                                parameters: statement?.parameters ?? [], pushed: plan.pushed, inMemory: plan.inMemory,
                                warnings: context.warnings.all, isExplain: true)
    }

    /// Runs `stages`, writing the sink's output to `context.output`.
    @discardableResult
    public func run(_ stages: [BoundStage], source: SourceText, context: ExecutionContext) throws(ExecutionError) -> ExecutionSummary {
        try run(stages, source: source, context: context, collector: nil)
    }

    /// Runs `stages` (a pipeline without a sink) and returns its rows instead
    /// of writing them: for tests, benchmarks and stages that need a
    /// pipeline's result as values.
    public func collect(_ stages: [BoundStage], source: SourceText, context: ExecutionContext) throws(ExecutionError) -> RowSet {
        if let last = stages.last, last.kind == .sink {
            throw ExecutionError(QueryError(.misplacedStage, "'\(last.name)' writes text; collecting rows needs a pipeline without a sink",
                                            at: last.call.nameRange, in: source))
        }
        let collector = RowCollector()
        _ = try run(stages, source: source, context: context, collector: collector)
        return RowSet(schema: collector.schema ?? Schema([]), rows: collector.rows)
    }

    @discardableResult
    func run(_ stages: [BoundStage], source: SourceText, context: ExecutionContext,
             collector: RowCollector?) throws(ExecutionError) -> ExecutionSummary {
        // A plan written from facts that changed before it ran (a pivot's columns) is made again.
        var attempt = 0
        while true {
            do {
                return try run(stages, source: source, context: context, collector: collector, attempt: attempt)
            } catch let changed as PlanChangedError {
                attempt += 1
                guard attempt < 3 else {
                    throw ExecutionError(QueryError(.other, "the store keeps changing what '\(changed.stage)' needs to know; try again",
                                                    at: stages.first?.call.range ?? SourceRange(at: source.position(at: 0)),
                                                    in: source))
                }
            } catch let error as ExecutionError {
                throw error
            } catch {
                throw Self.classify(error, stage: stages.first, source: source)
            }
        }
    }

    func run(_ stages: [BoundStage], source: SourceText, context: ExecutionContext,
             collector: RowCollector?, attempt: Int) throws -> ExecutionSummary {
        let start = Date()
        let warningsBefore = context.warnings.all.count
        let plan = try plan(stages, source: source, context: context)
        var context = context
        context.statement = source
        context.timeZone = plan.timeZone
        context.registry = registry
        var opened: (any RowStream)?
        defer { opened?.close() }
        do {
            try context.cancellation.check()
            let statement = plan.statement
            // A sink whose text the store can write, after a wholly pushed pipeline: one statement does it all.
            if collector == nil, context.pushDown, let query = plan.query, let lines = plan.storeLines {
                let linesStatement = query.statement(selecting: lines.select(query.schema))
                let stream = try openStreamed(query, linesStatement, schema: query.schema,
                                              settings: lines.settings(context), context: context,
                                              sourceStage: stages[0], source: source)
                opened = stream
                let count = try Self.write(lines, from: stream, columns: query.schema, context: context)
                if count == 0 { FilterProbe.report(query, context: context) }
                return ExecutionSummary(rows: count, elapsed: Date().timeIntervalSince(start), sql: linesStatement.sql,
                                        parameters: linesStatement.parameters, pushed: plan.pushed, inMemory: plan.inMemory,
                                        warnings: Array(context.warnings.all.dropFirst(warningsBefore)), isExplain: false)
            }
            var rows: any RowStream
            if let query = plan.query, let statement {
                // Steps in memory may run statements of their own between rows (a join's pipeline): only a
                // cursor allows that. Without them the statement is read as the server sends it.
                let whole = !plan.steps.dropFirst().dropLast().contains { $0.placement == .memory }
                rows = try open(query, statement, whole: whole, context: context, sourceStage: stages[0], source: source)
            } else if let rowSource = plan.rowSource {
                rows = try rowSource.open(context)
            } else {
                throw ExecutionError(.internal, "the plan has no source")
            }
            opened = rows
            rows = CancellableRowStream(rows, token: context.cancellation)
            for step in plan.steps.dropFirst().dropLast() where step.placement == .memory {
                let prepared: PreparedTransform
                if let planned = step.prepared, step.preparedFor == rows.schema {
                    prepared = planned
                } else {
                    prepared = try Planner.attributed(step.stage) {
                        try planner.implementation(step.stage, as: (any TransformStage).self)
                            .transform(step.stage, input: rows.schema, context: Planner.context(context, for: step.stage))
                    }
                }
                rows = try prepared.apply(rows, context)
                opened = rows
            }
            guard let sinkStep = plan.steps.last else { throw ExecutionError(.internal, "the plan has no sink") }
            let sink: PreparedSink
            if let collector {
                sink = collector.sink
            } else if let planned = sinkStep.preparedSink, sinkStep.preparedFor == rows.schema {
                sink = planned
            } else {
                sink = try planner.implementation(sinkStep.stage, as: (any SinkStage).self)
                    .sink(sinkStep.stage, input: rows.schema, context: context)
            }
            let counter = CountingRowStream(rows)
            try sink.write(counter, context)
            try context.output.flush()
            if counter.count == 0, let query = plan.query {
                FilterProbe.report(query, context: context)
            }
            return ExecutionSummary(rows: counter.count, elapsed: Date().timeIntervalSince(start), sql: statement?.sql,
                                    parameters: statement?.parameters ?? [], pushed: plan.pushed, inMemory: plan.inMemory,
                                    warnings: Array(context.warnings.all.dropFirst(warningsBefore)), isExplain: false)
        } catch let changed as PlanChangedError {
            throw changed
        } catch {
            throw Self.classify(error, stage: stages.first, source: source)
        }
    }

    /// Opens the store statement, connecting first; `whole` when nothing
    /// but the sink reads the rows (see `StreamedRowStream`).
    func open(_ query: StoreQuery, _ statement: (sql: String, parameters: [PostgresValue]), whole: Bool,
              context: ExecutionContext, sourceStage: BoundStage, source: SourceText) throws -> any RowStream {
        if whole {
            return try openStreamed(query, statement, schema: query.schema, settings: [], context: context,
                                    sourceStage: sourceStage, source: source)
        }
        let connection = try Self.connection(context)
        do {
            return try CursorRowStream.open(connection, sql: statement.sql, parameters: statement.parameters,
                                            schema: query.schema, cancellation: context.cancellation, checks: query.checks)
        } catch let error as PostgresError {
            throw ExecutionError.from(error, at: sourceStage.call.range, in: source, what: "the query")
        }
    }

    /// Opens the store statement to be read as the server sends it.
    func openStreamed(_ query: StoreQuery, _ statement: (sql: String, parameters: [PostgresValue]), schema: Schema,
                      settings: [(String, String)], context: ExecutionContext,
                      sourceStage: BoundStage, source: SourceText) throws -> StreamedRowStream {
        let connection = try Self.connection(context)
        do {
            return try StreamedRowStream.open(connection, sql: statement.sql, parameters: statement.parameters, schema: schema,
                                              cancellation: context.cancellation, checks: query.checks, settings: settings)
        } catch let error as PostgresError {
            throw ExecutionError.from(error, at: sourceStage.call.range, in: source, what: "the query")
        }
    }

    static func connection(_ context: ExecutionContext) throws -> PostgresConnection {
        guard let database = context.database else { throw noDatabase }
        do {
            return try database.connection()
        } catch let error as PostgresError {
            throw ExecutionError(.connection, error.message, cause: error)
        }
    }

    /// A store's lines to the output, 64 KiB at a time: the header, then a
    /// line per row made from its cells as the server sends them. Returns the lines written.
    static func write(_ lines: StoreLines, from stream: StreamedRowStream, columns: Schema, context: ExecutionContext) throws -> Int {
        if let header = lines.header(columns, context) { try context.output.write(header) }
        let append = lines.lines(columns, context)
        let chunk = 1 << 16
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chunk + 4096)
        var count = 0
        while true {
            try context.cancellation.check()
            let appended = try stream.appendLines(to: &bytes, limit: chunk, append)
            if !bytes.isEmpty {
                try bytes.withUnsafeBytes { try context.output.write(bytes: $0) }
                bytes.removeAll(keepingCapacity: true)
            }
            guard appended > 0 else { break }
            count += appended
        }
        try context.output.flush()
        return count
    }

    static let noDatabase = ExecutionError(
        .connection, "no PostgreSQL database is configured; set DATABASE_URL or start the embedded one (energiflow db start)")

    /// Any error from planning or running as an `ExecutionError`.
    static func classify(_ error: any Error, stage: BoundStage?, source: SourceText) -> ExecutionError {
        switch error {
        case var error as ExecutionError:
            if let query = error.query, query.source == nil { error.query = query.with(source: source) }
            return error
        case let error as QueryError:
            return ExecutionError(error.source == nil ? error.with(source: source) : error)
        case let error as PostgresError:
            let range = stage?.call.range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
            return ExecutionError.from(error, at: range, in: source, what: "the query")
        case let error as ExpressionError:
            let range = stage?.call.range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
            return ExecutionError(QueryError(.other, "cannot compute a value: \(error.description)", at: range, in: source))
        default:
            return ExecutionError(.internal, "\(error)", cause: error)
        }
    }
}
