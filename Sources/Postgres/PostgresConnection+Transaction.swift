extension PostgresConnection {
    /// Runs `body` in a transaction: BEGIN, then COMMIT when it returns, ROLLBACK
    /// when it throws (the error is rethrown). With `readOnly`, writes fail with
    /// SQLSTATE 25006. Holds the connection for the whole transaction, so other
    /// threads wait. Transactions do not nest (use SAVEPOINT inside one).
    @discardableResult
    public func transaction<T>(readOnly: Bool = false, _ body: (PostgresConnection) throws -> T) throws -> T {
        try locked {
            try ensureConnected()
            guard libpq.transactionState == .idle else {
                throw PostgresError(.usage, "A transaction is already open on this connection; transactions do not nest (use SAVEPOINT inside the open one).")
            }
            try executeScript(readOnly ? "BEGIN READ ONLY" : "BEGIN")
            let value: T
            do {
                value = try body(self)
            } catch {
                rollbackQuietly()
                throw error
            }
            try commit()
            return value
        }
    }

    /// `transaction(readOnly: true, body)`.
    @discardableResult
    public func readOnlyTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try transaction(readOnly: true, body)
    }

    private func commit() throws {
        guard let snapshots = libpq.execScript("COMMIT") else { throw sendFailure() }
        for snapshot in snapshots { try check(snapshot) }
        // A transaction in which a statement failed "commits" as ROLLBACK: the body
        // caught that error itself, but nothing was written, and the caller must know.
        if snapshots.last?.commandStatus == "ROLLBACK" {
            throw PostgresError(
                .server,
                "The transaction was rolled back, not committed, because a statement in it failed. Let the statement's error end the transaction, or use a SAVEPOINT to recover from it.",
                sqlState: "25P02")
        }
    }

    private func rollbackQuietly() {
        guard libpq.isOK, libpq.transactionState != .idle else { return }
        _ = libpq.execScript("ROLLBACK")
    }
}
