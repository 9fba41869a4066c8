/// The outcome of one statement, copied out of libpq into Swift values.
public struct PostgresResult: Sendable {
    public let columns: [PostgresColumn]
    public let rows: [PostgresRow]
    /// Rows a command touched (INSERT/UPDATE/DELETE/COPY/SELECT...), 0 when it reports none.
    public let affectedRows: Int
    /// The server's command tag, e.g. "INSERT 0 3", "SELECT 2", "CREATE TABLE".
    public let commandTag: String

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }
    public var first: PostgresRow? { rows.first }

    public subscript(row: Int) -> PostgresRow { rows[row] }

    /// The value in the first column of the first row, or nil when there is no row.
    public var scalar: PostgresValue? { rows.first?.values.first }

    init(_ snapshot: ResultSnapshot) throws {
        let columns = snapshot.fields.map { PostgresColumn(name: $0.name, typeOID: $0.typeOID) }
        let names = ColumnNames(columns.map(\.name))
        var rows: [PostgresRow] = []
        rows.reserveCapacity(snapshot.rowCount)
        let width = columns.count
        var start = 0
        for _ in 0..<snapshot.rowCount {
            let texts = Array(snapshot.cells[start..<start + width])
            var values: [PostgresValue] = []
            values.reserveCapacity(width)
            for (index, column) in columns.enumerated() {
                values.append(try PostgresValue.decode(texts[index], typeOID: column.typeOID, column: column.name))
            }
            rows.append(PostgresRow(values: values, texts: texts, names: names))
            start += width
        }
        self.columns = columns
        self.rows = rows
        self.affectedRows = snapshot.affectedRows ?? 0
        self.commandTag = snapshot.commandStatus
    }
}

/// A result column: its name and the server's type OID (see `PostgresType`).
public struct PostgresColumn: Sendable, Hashable {
    public let name: String
    public let typeOID: UInt32

    public init(name: String, typeOID: UInt32) {
        self.name = name
        self.typeOID = typeOID
    }
}

/// One result row: decoded values, the server's texts, lookup by column name.
public struct PostgresRow: Sendable {
    public let values: [PostgresValue]
    /// The server's text for each cell (nil for NULL): exact numerics, or types
    /// decoded as something else.
    public let texts: [String?]
    private let names: ColumnNames

    init(values: [PostgresValue], texts: [String?], names: ColumnNames) {
        self.values = values
        self.texts = texts
        self.names = names
    }

    public var count: Int { values.count }

    public subscript(index: Int) -> PostgresValue { values[index] }

    /// The value of the first column with this name, or nil when there is none.
    public subscript(name: String) -> PostgresValue? {
        names.index(of: name).map { values[$0] }
    }

    /// The server's text for a cell (nil for NULL).
    public func text(_ index: Int) -> String? { texts[index] }

    public func text(_ name: String) -> String? {
        names.index(of: name).flatMap { texts[$0] }
    }
}

/// Column names shared by all rows of a result (one allocation, not one per row).
final class ColumnNames: Sendable {
    private let indexes: [String: Int]

    init(_ names: [String]) {
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.indexes = indexes
    }

    func index(of name: String) -> Int? { indexes[name] }
}
