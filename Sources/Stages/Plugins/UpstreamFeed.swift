import Foundation
import Plugins
import Tabular

/// The rows before a transform or sink plugin, handed to the plugin's stdin
/// writer thread (`PluginInput`), which then is the only thread pulling them.
///
/// Closing is the delicate part: the executor's thread closes the pipeline
/// (`limit` has enough, the run ended or failed) while the writer thread may
/// be inside `next()`. A stream is used by one thread at a time, so a close
/// that comes during a pull waits for a stored pull to return (a database
/// fetch, which Ctrl-C also ends) and, for a live stream that may wait for
/// its next message indefinitely, is left to the writer thread, which closes
/// it as soon as its pull returns.
final class UpstreamFeed: @unchecked Sendable {
    private let stream: any RowStream
    private let condition = NSCondition()
    private var pulling = false
    private var ended = false
    private var closeRequested = false
    private var closed = false
    let isLive: Bool

    init(_ stream: any RowStream) {
        self.stream = stream
        isLive = stream.isLive
    }

    var schema: Schema { stream.schema }

    /// What the plugin's stdin writer reads.
    var pluginInput: PluginInput {
        PluginInput(schema: stream.schema, next: { [self] in try next() })
    }

    /// The next row; nil after the end, an error, or a close.
    func next() throws -> [Value]? {
        condition.lock()
        guard !ended, !closeRequested else {
            condition.unlock()
            return nil
        }
        pulling = true
        condition.unlock()

        var row: [Value]?
        var failure: (any Error)?
        do { row = try stream.next() } catch { failure = error }

        condition.lock()
        pulling = false
        if row == nil { ended = true }
        let closeNow = closeRequested && !closed
        if closeNow { closed = true }
        condition.broadcast()
        condition.unlock()
        if closeNow { stream.close() }
        if let failure { throw failure }
        return row
    }

    /// Closes the stream now, or as described above when a pull is under way.
    func close() {
        condition.lock()
        closeRequested = true
        if !isLive {
            while pulling { condition.wait() }
        }
        let closeNow = !pulling && !closed
        if closeNow { closed = true }
        condition.unlock()
        if closeNow { stream.close() }
    }
}
