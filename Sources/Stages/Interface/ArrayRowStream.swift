import Tabular

/// Rows already in memory.
public final class ArrayRowStream: RowStream {
    public let schema: Schema
    private var rows: [[Value]]
    private var index = 0

    public init(schema: Schema, rows: [[Value]]) {
        self.schema = schema
        self.rows = rows
    }

    public func next() throws -> [Value]? {
        guard index < rows.count else { return nil }
        defer { index += 1 }
        return rows[index]
    }

    public func close() {
        rows = []
        index = 0
    }
}
