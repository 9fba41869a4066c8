import Tabular

/// Keeps the rows a pipeline produces (for `Executor.collect`).
final class RowCollector {
    var schema: Schema?
    var rows: [[Value]] = []

    var sink: PreparedSink {
        PreparedSink { [self] stream, context in
            schema = stream.schema
            rows = try stream.collect(cancellation: context.cancellation)
        }
    }
}
