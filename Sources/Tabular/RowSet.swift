/// Rows with their schema: what a finished stage hands to the next.
/// Each row holds one value per column, in the schema's order.
public struct RowSet: Sendable, Hashable {
    public var schema: Schema
    public var rows: [[Value]]

    public init(schema: Schema, rows: [[Value]] = []) {
        self.schema = schema
        self.rows = rows
    }

    public init(columns: [Column], rows: [[Value]] = []) {
        self.init(schema: Schema(columns), rows: rows)
    }

    public var columns: [Column] { schema.columns }
    public var count: Int { rows.count }

    /// The values of one column, top to bottom; nil when there is no such column.
    public func values(of column: String) -> [Value]? {
        guard let i = schema.index(of: column) else { return nil }
        return rows.map { $0[i] }
    }
}
