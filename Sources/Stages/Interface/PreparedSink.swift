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

/// A sink's lines made straight from the cells the statement sends (text
/// as PostgreSQL wrote it), no value made per row. What it writes must be
/// exactly what `write` would (the tests compare both).
public struct StoreLines {
    /// Appends one row's line, its terminator included, from the row's cells
    /// as the server wrote them (nil is NULL; valid only during the call).
    public typealias Append = (_ cells: [UnsafeRawBufferPointer?], _ bytes: inout [UInt8]) throws -> Void

    /// The SELECT list of the statement's last layer, over its visible columns.
    public var select: (_ columns: Schema) -> String
    /// Settings for the statement's transaction (`set_config` name and value, bound as parameters).
    public var settings: (ExecutionContext) -> [(String, String)]
    /// What comes before the lines (a header), if anything.
    public var header: (_ columns: Schema, ExecutionContext) -> String?
    /// The line maker for these columns.
    public var lines: (_ columns: Schema, ExecutionContext) -> Append

    public init(select: @escaping (Schema) -> String, settings: @escaping (ExecutionContext) -> [(String, String)],
                header: @escaping (Schema, ExecutionContext) -> String?,
                lines: @escaping (Schema, ExecutionContext) -> Append) {
        self.select = select
        self.settings = settings
        self.header = header
        self.lines = lines
    }
}
