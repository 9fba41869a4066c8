import Foundation

/// The rows of one statement as the server sends them, one at a time
/// (`PostgresConnection.stream`). Unlike a cursor this is the plain
/// statement, so the server may plan it with parallel workers; unlike
/// `query` the rows are never all in memory.
///
/// While it is open the connection runs nothing else (other calls throw
/// `.usage`). Reading past the last row ends it; `close()` before that
/// cancels the statement on the server and discards what is still coming.
public final class PostgresRowStream {
    private let connection: PostgresConnection
    private let canceller: PostgresCanceller?
    private var fields: [ResultSnapshot.Field]?
    private var names: ColumnNames?
    private var cells: [UnsafeRawBufferPointer?] = []
    private var finished = false

    init(connection: PostgresConnection) {
        self.connection = connection
        self.canceller = try? connection.makeCanceller()
    }

    /// The columns, known from the first row (or the end, for no rows); empty before.
    public var columns: [PostgresColumn] {
        (fields ?? []).map { PostgresColumn(name: $0.name, typeOID: $0.typeOID) }
    }

    /// True once every row has been read (or the stream was closed).
    public var isFinished: Bool { finished }

    /// The next row, nil after the last. Throws the statement's error where
    /// the server reports it (possibly after rows: a division by zero in row 1,000).
    public func next() throws -> PostgresRow? {
        guard !finished else { return nil }
        return try connection.locked { () throws -> PostgresRow? in
            guard let part = connection.libpq.nextStreamed(fields: &fields) else {
                end()
                return nil
            }
            switch part {
            case .row(let texts):
                guard let fields else { return nil }
                let names = self.names ?? ColumnNames(fields.map(\.name))
                self.names = names
                var values: [PostgresValue] = []
                values.reserveCapacity(texts.count)
                for (index, field) in fields.enumerated() {
                    values.append(try PostgresValue.decode(texts[index], typeOID: field.typeOID, column: field.name))
                }
                return PostgresRow(values: values, texts: texts, names: names)
            case .end(let snapshot):
                if fields == nil { fields = snapshot.fields }
                end()
                try connection.check(snapshot)
                return nil
            }
        }
    }

    /// Reads the next row without making values of it: hands `body` its
    /// cells as the server wrote them (text format; nil is NULL), valid
    /// only during the call. False after the last row.
    public func nextCells(_ body: ([UnsafeRawBufferPointer?]) throws -> Void) throws -> Bool {
        guard !finished else { return false }
        return try connection.locked { () throws -> Bool in
            guard let part = try connection.libpq.nextStreamedCells(fields: &fields, cells: &cells, body) else {
                end()
                return false
            }
            guard case .end(let snapshot) = part else { return true }
            if fields == nil { fields = snapshot.fields }
            end()
            try connection.check(snapshot)
            return false
        }
    }

    /// Stops reading: cancels the statement if rows are still coming and
    /// waits for the server to stop, so the connection is usable again.
    public func close() {
        guard !finished else { return }
        connection.locked {
            try? canceller?.cancel()
            while connection.libpq.nextStreamed(fields: &fields) != nil {}
            end()
        }
    }

    private func end() {
        finished = true
        connection.streaming = false
    }

    deinit { close() }
}

extension PostgresConnection {
    /// Sends one statement with parameters `$1`, `$2`, … and returns its rows
    /// as a stream (see `PostgresRowStream`); errors in the statement itself
    /// come from the stream's first `next()`.
    public func stream(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRowStream {
        try locked {
            try ensureConnected()
            guard libpq.sendStreamed(sql, values: parameters.map(\.parameterText), types: parameters.map(\.parameterTypeOID))
            else { throw sendFailure() }
            streaming = true
            return PostgresRowStream(connection: self)
        }
    }
}
