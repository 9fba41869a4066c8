import Query
import Tabular

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
