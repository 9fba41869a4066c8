import CLibPQ
import Foundation

/// Reading one statement's rows as the server sends them (libpq's single-row
/// mode): `sendStreamed`, then `nextStreamed` until it returns nil. Nothing
/// else may run on the connection in between; libpq would quietly drop the
/// rows not read yet.
extension LibPQConnection {
    /// One part of a streamed statement's answer.
    enum StreamedPart {
        /// A row's cell texts (nil is SQL NULL).
        case row([String?])
        /// The end: the last result (`tuplesOK` with no rows, or the error).
        case end(ResultSnapshot)
    }

    /// Sends a statement with text-format parameters and asks for its rows
    /// one at a time. False when libpq could not send it.
    func sendStreamed(_ sql: String, values: [String?], types: [UInt32]) -> Bool {
        let copies = values.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let oids: [Oid] = types.map { Oid($0) }
        guard PQsendQueryParams(conn, sql, Int32(values.count), oids, pointers, nil, nil, 0) == 1 else { return false }
        // Fails only when called at the wrong moment, which sendQueryParams just ruled out.
        _ = PQsetSingleRowMode(conn)
        return true
    }

    /// The next row or the end of the statement sent by `sendStreamed`
    /// (blocking); nil once the end has been returned. `fields` is filled
    /// from the first row.
    func nextStreamed(fields: inout [ResultSnapshot.Field]?) -> StreamedPart? {
        guard let result = PQgetResult(conn) else { return nil }
        defer { PQclear(result) }
        if let end = end(result, fields: &fields) { return end }
        let count = Int(PQnfields(result))
        var cells: [String?] = []
        cells.reserveCapacity(count)
        for column in 0..<Int32(count) {
            if PQgetisnull(result, 0, column) != 0 {
                cells.append(nil)
            } else if let value = PQgetvalue(result, 0, column) {
                let bytes = UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(result, 0, column)))
                cells.append(String(decoding: bytes, as: UTF8.self))
            } else {
                cells.append("")
            }
        }
        return .row(cells)
    }

    /// Like `nextStreamed`, without copying: hands `body` the row's cells
    /// as the server wrote them (nil for NULL), valid only during the call,
    /// and returns `.row([])`. `cells` is reused from row to row.
    func nextStreamedCells(fields: inout [ResultSnapshot.Field]?, cells: inout [UnsafeRawBufferPointer?],
                           _ body: ([UnsafeRawBufferPointer?]) throws -> Void) rethrows -> StreamedPart? {
        guard let result = PQgetResult(conn) else { return nil }
        defer { PQclear(result) }
        if let end = end(result, fields: &fields) { return end }
        cells.removeAll(keepingCapacity: true)
        for column in 0..<PQnfields(result) {
            if PQgetisnull(result, 0, column) != 0 {
                cells.append(nil)
            } else {
                cells.append(UnsafeRawBufferPointer(start: PQgetvalue(result, 0, column), count: Int(PQgetlength(result, 0, column))))
            }
        }
        try body(cells)
        return .row([])
    }

    /// The end for a result that is not a row; for a row, fills `fields` from it the first time and returns nil.
    private func end(_ result: OpaquePointer, fields: inout [ResultSnapshot.Field]?) -> StreamedPart? {
        guard PQresultStatus(result) == PGRES_SINGLE_TUPLE else {
            let snapshot = ResultSnapshot(result)
            // What follows the last result is only libpq's nil; read it so the connection is idle again.
            let rest = drainResults()
            if snapshot.status != .error, let failure = rest.first(where: { $0.status == .error }) {
                return .end(failure)
            }
            return .end(snapshot)
        }
        if fields == nil {
            fields = (0..<Int(PQnfields(result))).map { index in
                ResultSnapshot.Field(name: PQfname(result, Int32(index)).map { String(cString: $0) } ?? "?column?",
                                     typeOID: UInt32(PQftype(result, Int32(index))))
            }
        }
        return nil
    }
}
