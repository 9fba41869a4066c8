extension PostgresConnection {
    /// Bulk-loads rows with `COPY table (columns) FROM STDIN` (text format): runs
    /// the statement, lets `write` append rows to the writer, then ends the COPY
    /// and returns the number of rows the server stored. When `write` throws, the
    /// COPY is aborted (nothing is stored) and the error rethrown. Bad data is
    /// reported by the server as `.server` with its SQLSTATE (e.g. 22P02).
    @discardableResult
    public func copyIn(_ copyStatement: String, _ write: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        try locked {
            try ensureConnected()
            guard let start = libpq.startCopy(copyStatement) else { throw sendFailure() }
            guard start.status == .copyIn else {
                try check(start)
                throw PostgresError(.usage, "copyIn needs a COPY ... FROM STDIN statement; \"\(copyStatement.prefix(60))\" is not one.")
            }
            let pq = libpq
            // Weak: a writer copied out of the closure must not keep (or crash on) the connection.
            var writer = PostgresCopyWriter { [weak self] bytes in
                guard let self else { throw PostgresError(.usage, "The COPY this writer belonged to is over.") }
                if !pq.putCopyData(bytes) { throw self.copyFailure() }
            }
            do {
                try write(&writer)
                if writer.hasUnfinishedRow {
                    throw PostgresError(.usage, "The last COPY row was not ended; call endRow() after its fields.")
                }
                try writer.flush()
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
            return results.last?.affectedRows ?? writer.rowCount
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
