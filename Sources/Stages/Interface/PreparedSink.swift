import Tabular

/// A sink checked against its input.
public struct PreparedSink {
    /// Pulls every row from the stream and writes to `context.output`.
    /// Write as rows come when `rows.isLive`; flush the output before returning.
    public var write: (any RowStream, ExecutionContext) throws -> Void
    /// For a sink whose text the store can write (csv): used instead of
    /// `write` when everything before the sink runs in the one statement.
    public var storeLines: StoreLines?

    public init(write: @escaping (any RowStream, ExecutionContext) throws -> Void, storeLines: StoreLines? = nil) {
        self.write = write
        self.storeLines = storeLines
    }
}

/// A sink's text made by the statement itself: one text column per row
/// (the line), written as the server sends it, no row converted here. What
/// it makes must be exactly what `write` would (the tests compare both).
public struct StoreLines {
    /// The SELECT list of the statement's last layer, over its visible columns.
    public var select: (_ columns: Schema) -> String
    /// Settings for the statement's transaction (`set_config` name and value, bound as parameters).
    public var settings: (ExecutionContext) -> [(String, String)]
    /// What comes before the lines (a header), if anything.
    public var header: (_ columns: Schema, ExecutionContext) -> String?
    /// What ends each line.
    public var terminator: String

    public init(select: @escaping (Schema) -> String, settings: @escaping (ExecutionContext) -> [(String, String)],
                header: @escaping (Schema, ExecutionContext) -> String?, terminator: String) {
        self.select = select
        self.settings = settings
        self.header = header
        self.terminator = terminator
    }
}
