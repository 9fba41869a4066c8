import Tabular

/// Shared by the line-per-row sinks.
enum RowWriting {
    /// Writes `line(row)` for every row; flushes after each row of a live stream and at the end.
    static func each(_ rows: any RowStream, _ context: ExecutionContext, _ line: ([Value]) -> String) throws {
        let live = rows.isLive
        var count = 0
        while let row = try rows.next() {
            try context.output.write(line(row))
            count += 1
            if live { try context.output.flush() }
            if count & 1023 == 0 { try context.cancellation.check() }
        }
        try context.output.flush()
    }
}
