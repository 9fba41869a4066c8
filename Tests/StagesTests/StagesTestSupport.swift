import Basics
import Foundation
import Postgres
import Query
import Stages
import Tabular
import TestSupport
import Testing

/// Shared helpers: the loaded store, contexts, planning and running pipelines.
enum Fixture {
    /// A context on the shared loaded store.
    static func context(pushDown: Bool = true, output: TextOutput = TextOutput(),
                        defaultSink: String = "table") throws -> ExecutionContext {
        ExecutionContext(database: LazyDatabase(try StagesFixtureStore.shared()), output: output,
                         defaultSink: defaultSink, pushDown: pushDown)
    }

    /// A connection to the shared loaded store, for independent SQL.
    static func connection() throws -> PostgresConnection {
        try PostgresConnection(try StagesFixtureStore.shared())
    }

    /// The pipeline's plan (no database involved).
    static func plan(_ text: String, executor: Executor = Executor(), context: ExecutionContext = ExecutionContext())
        throws -> Plan {
        let source = SourceText(text)
        let bound = try bind(text, source: source, executor: executor)
        return try executor.plan(bound, source: source, context: context)
    }

    static func bind(_ text: String, source: SourceText, executor: Executor) throws -> [BoundStage] {
        let script = try Parser.parse(source, stages: executor.registry)
        guard case .pipeline(let pipeline)? = script.statements.first else { throw TestFailure("not a pipeline: \(text)") }
        return try Binder(stages: executor.registry, source: source).bind(pipeline)
    }

    /// The rows of a pipeline without a sink.
    static func rows(_ text: String, pushDown: Bool = true, executor: Executor = Executor()) throws -> RowSet {
        try executor.rows(of: text, context: try context(pushDown: pushDown))
    }

    /// The text a pipeline writes.
    static func output(_ text: String, executor: Executor = Executor(), defaultSink: String = "table") throws -> String {
        let output = TextOutput()
        try executor.execute(text, context: try context(output: output, defaultSink: defaultSink))
        return output.text
    }

    /// The error a statement ends with, or nil.
    static func error(_ text: String, executor: Executor = Executor(),
                      context: ExecutionContext? = nil) -> ExecutionError? {
        do {
            try executor.execute(text, context: try context ?? Fixture.context())
            return nil
        } catch let error as ExecutionError {
            return error
        } catch {
            return ExecutionError(.internal, "\(error)")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `2024-09-01T00:00:00Z` → Date.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
}

/// Doubles equal to 1e-9 relative (SQL sums in another order differ in the last bits).
func close(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    default: return false
    }
}
