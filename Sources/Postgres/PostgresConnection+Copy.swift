extension PostgresConnection {
    /// Bulk-loads rows with `COPY table (columns) FROM STDIN` (text format): runs
    /// the statement, lets `write` append rows to the writer, then ends the COPY
    /// and returns the number of rows the server stored. When `write` throws, the
    /// COPY is aborted (nothing is stored) and the error rethrown. Bad data is
    /// reported by the server as `.server` with its SQLSTATE (e.g. 22P02).
    @discardableResult
    public func copyIn(_ copyStatement: String, _ write: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        try runCopyIn(copyStatement, binary: false, makeWriter: PostgresCopyWriter.init(send:)) { writer in
            try write(&writer)
            if writer.hasUnfinishedRow {
                throw PostgresError(.usage, "The last COPY row was not ended; call endRow() after its fields.")
            }
            try writer.flush()
            return writer.rowCount
        }
    }

    /// Bulk-loads rows with `COPY table (columns) FROM STDIN (FORMAT binary)`:
    /// like `copyIn`, with a writer that sends each field in its column type's
    /// binary form (see `PostgresBinaryCopyWriter`). Returns the rows stored.
    @discardableResult
    public func copyInBinary(_ copyStatement: String, _ write: (inout PostgresBinaryCopyWriter) throws -> Void) throws -> Int {
        try runCopyIn(copyStatement, binary: true, makeWriter: PostgresBinaryCopyWriter.init(send:)) { writer in
            try write(&writer)
            if writer.hasUnfinishedRow {
                throw PostgresError(.usage, "The last COPY row was not ended; call endRow() after its fields.")
            }
            try writer.finish()
            return writer.rowCount
        }
    }

    /// Starts the COPY, hands `body` a writer sending to it, and ends it: with
    /// success when `body` returns (its value is the row count when the server
    /// reports none), aborted when it throws.
    private func runCopyIn<Writer>(_ copyStatement: String, binary: Bool,
                                   makeWriter: (@escaping (UnsafeRawBufferPointer) throws -> Void) -> Writer,
                                   _ body: (inout Writer) throws -> Int) throws -> Int {
        try locked {
            try ensureConnected()
            guard let start = libpq.startCopy(copyStatement) else { throw sendFailure() }
            guard start.status == .copyIn else {
                try check(start)
                throw PostgresError(.usage, "copyIn needs a COPY ... FROM STDIN statement; \"\(copyStatement.prefix(60))\" is not one.")
            }
            let pq = libpq
            guard start.isBinary == binary else {
                _ = pq.putCopyEnd(failing: "COPY format does not match the writer")
                _ = pq.drainResults()
                throw PostgresError(.usage, binary
                    ? "copyInBinary needs a COPY ... FROM STDIN (FORMAT binary) statement; use copyIn for text."
                    : "copyIn writes COPY's text format; use copyInBinary for a COPY ... (FORMAT binary).")
            }
            // Weak: a writer copied out of the closure must not keep (or crash on) the connection.
            var writer = makeWriter { [weak self] bytes in
                guard let self else { throw PostgresError(.usage, "The COPY this writer belonged to is over.") }
                if !pq.putCopyData(bytes) { throw self.copyFailure() }
            }
            let written: Int
            do {
                written = try body(&writer)
            } catch {
                if pq.isOK {
                    _ = pq.putCopyEnd(failing: "COPY aborted by the client")
                    _ = pq.drainResults()
                }
                throw error
            }
            guard pq.putCopyEnd() else { throw copyFailure() }
            let results = pq.drainResults()
            for result in results { try check(result) }
            if !pq.isOK { throw lostFailure(nil) }
            return results.last?.affectedRows ?? written
        }
    }

    /// Sending COPY data failed: the connection broke, or the server ended the COPY.
    private func copyFailure() -> PostgresError {
        if !libpq.isOK {
            return lostFailure(libpq.drainResults().compactMap(\.error).first)
        }
        // The server gave up on the COPY (its error follows as a result).
        if let failed = libpq.drainResults().first(where: { $0.status == .error }) {
            return serverFailure(failed.error)
        }
        let text = configuration.masked(libpq.errorMessage)
        return PostgresError(.copyFailed, "Sending COPY data failed: \(text)", underlying: text)
    }
}
