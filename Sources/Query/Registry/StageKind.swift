/// Where a stage may stand in a pipeline.
public enum StageKind: String, Sendable, Hashable, CaseIterable {
    /// Makes rows from nothing (the store, Kafka, a plugin): starts a pipeline.
    case source
    /// Rows in, rows out: `where`, `sort`, `decide`.
    case transform
    /// Rows in, output out (a table, CSV, a chart): ends a pipeline.
    case sink
}
