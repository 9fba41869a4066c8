import Tabular

/// Rows pulled one at a time, with their columns known when the stream is
/// made. Pull-based, so a stage downstream decides how much to read: `limit`
/// stops pulling and closes, a live tail may never end.
///
/// A stream is used by one thread at a time (the executor's); it need not be
/// Sendable. `next()` may block (waiting for a Kafka message, the next
/// database batch); blocking streams must also end promptly when the run's
/// `CancellationToken` is cancelled, by registering with `onCancel`.
public protocol RowStream: AnyObject {
    var schema: Schema { get }
    /// True when rows keep arriving in real time (a live tail): sinks write
    /// each row as it comes instead of collecting them first.
    var isLive: Bool { get }
    /// The next row (one value per column), or nil at the end. Throws on
    /// failure or cancellation; after nil or an error it is not called again.
    func next() throws -> [Value]?
    /// Releases what the stream holds (a cursor, a consumer, a process),
    /// also before the end. Safe to call more than once; closes the inputs too.
    func close()
}

extension RowStream {
    public var isLive: Bool { false }

    /// Every remaining row (for blocking stages and sinks that need them all),
    /// checking `cancellation` between rows.
    public func collect(cancellation: CancellationToken? = nil) throws -> [[Value]] {
        var rows: [[Value]] = []
        while let row = try next() {
            rows.append(row)
            if let cancellation, rows.count & 1023 == 0 { try cancellation.check() }
        }
        return rows
    }
}
