import Foundation
import Tabular

/// The rows of `window`: pulls its input and hands out what the
/// `WindowAggregator` emits. Reading a tail directly (or through the Ctrl-C
/// wrapper only), it asks with a short patience, so when the stream pauses
/// the open windows are shown as they are.
final class WindowStream: RowStream {
    let schema: Schema
    let input: any RowStream
    private let quiet: (any QuietReporting)?
    private var aggregator: WindowAggregator
    private var pending: [[Value]] = []
    private var index = 0
    private var ended = false
    private let warnings: WarningChannel
    private let cancellation: CancellationToken

    /// How long the input may say nothing before the open windows are shown.
    static let patience = 0.3

    init(schema: Schema, input: any RowStream, aggregator: WindowAggregator, quiet: (any QuietReporting)?,
         context: ExecutionContext) {
        self.schema = schema
        self.input = input
        self.quiet = quiet
        self.aggregator = aggregator
        self.warnings = context.warnings
        self.cancellation = context.cancellation
    }

    var isLive: Bool { input.isLive }

    func next() throws -> [Value]? {
        var read = 0
        while true {
            if index < pending.count {
                defer {
                    index += 1
                    if index == pending.count {
                        pending.removeAll(keepingCapacity: true)
                        index = 0
                    }
                }
                return pending[index]
            }
            if ended { return nil }
            read += 1
            if read & 1023 == 0 { try cancellation.check() }
            if let quiet {
                switch try quiet.next(patience: Self.patience) {
                case .row(let row): pending += aggregator.add(row)
                case .quiet: pending += aggregator.showOpen()
                case .end: finish()
                }
            } else if let row = try input.next() {
                pending += aggregator.add(row)
            } else {
                finish()
            }
        }
    }

    private func finish() {
        ended = true
        pending += aggregator.finish()
        if aggregator.dropped > 0 {
            warnings.warn(stage: "window", "left out \(aggregator.dropped) row\(aggregator.dropped == 1 ? "" : "s") that came after their window was forgotten (too late)")
        }
    }

    func close() { input.close() }
}
