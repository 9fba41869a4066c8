import CLibPQ

/// Everything read from one PGresult, copied into Swift values so the PGresult
/// can be cleared right where it was obtained.
struct ResultSnapshot: Sendable {
    enum Status: Sendable {
        case commandOK, tuplesOK, emptyQuery, copyIn, copyOut, copyBoth, error, other
    }

    struct Field: Sendable {
        var name: String
        var typeOID: UInt32
    }

    /// The server's error or notice fields (all optional).
    struct ErrorFields: Sendable {
        var severity: String?
        var sqlState: String?
        var primary: String?
        var detail: String?
        var hint: String?
        var position: Int?
        var constraint: String?
        var table: String?
        var column: String?
        /// libpq's full formatted message ("ERROR:  ...\nDETAIL: ...").
        var full: String?
    }

    var status: Status
    var fields: [Field]
    /// Cell texts row by row (`rows * fields.count`); nil is SQL NULL.
    var cells: [String?]
    var rowCount: Int
    /// PQcmdStatus: "INSERT 0 5", "COMMIT", "ROLLBACK", ...
    var commandStatus: String
    /// PQcmdTuples as a number, when the command reports one.
    var affectedRows: Int?
    var error: ErrorFields?
    /// PQbinaryTuples: for a COPY, whether its data is in binary format.
    var isBinary: Bool

    /// Copies `result`; the caller still owns and clears it.
    init(_ result: OpaquePointer) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK: status = .commandOK
        case PGRES_TUPLES_OK: status = .tuplesOK
        case PGRES_EMPTY_QUERY: status = .emptyQuery
        case PGRES_COPY_IN: status = .copyIn
        case PGRES_COPY_OUT: status = .copyOut
        case PGRES_COPY_BOTH: status = .copyBoth
        case PGRES_BAD_RESPONSE, PGRES_NONFATAL_ERROR, PGRES_FATAL_ERROR: status = .error
        default: status = .other
        }
        let fieldCount = Int(PQnfields(result))
        fields = (0..<fieldCount).map { index in
            Field(name: PQfname(result, Int32(index)).map { String(cString: $0) } ?? "?column?",
                  typeOID: UInt32(PQftype(result, Int32(index))))
        }
        rowCount = Int(PQntuples(result))
        var cells: [String?] = []
        cells.reserveCapacity(rowCount * fieldCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(fieldCount) {
                if PQgetisnull(result, row, column) != 0 {
                    cells.append(nil)
                } else if let value = PQgetvalue(result, row, column) {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawBufferPointer(start: value, count: length)
                    cells.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    cells.append("")
                }
            }
        }
        self.cells = cells
        commandStatus = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        affectedRows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) }
        isBinary = PQbinaryTuples(result) != 0
        if status == .error {
            error = Self.errorFields(result)
        }
    }

    static func errorFields(_ result: OpaquePointer) -> ErrorFields {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        return ErrorFields(
            severity: field(CLibPQ_DIAG_SEVERITY),
            sqlState: field(CLibPQ_DIAG_SQLSTATE),
            primary: field(CLibPQ_DIAG_MESSAGE_PRIMARY),
            detail: field(CLibPQ_DIAG_MESSAGE_DETAIL),
            hint: field(CLibPQ_DIAG_MESSAGE_HINT),
            position: field(CLibPQ_DIAG_STATEMENT_POSITION).flatMap { Int($0) },
            constraint: field(CLibPQ_DIAG_CONSTRAINT_NAME),
            table: field(CLibPQ_DIAG_TABLE_NAME),
            column: field(CLibPQ_DIAG_COLUMN_NAME),
            full: PQresultErrorMessage(result).map { String(cString: $0).trimmingTrailingNewlines() })
    }
}
