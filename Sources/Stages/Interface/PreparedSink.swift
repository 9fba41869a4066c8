/// A sink checked against its input.
public struct PreparedSink {
    /// Pulls every row from the stream and writes to `context.output`.
    /// Write as rows come when `rows.isLive`; flush the output before returning.
    public var write: (any RowStream, ExecutionContext) throws -> Void

    public init(write: @escaping (any RowStream, ExecutionContext) throws -> Void) {
        self.write = write
    }
}
