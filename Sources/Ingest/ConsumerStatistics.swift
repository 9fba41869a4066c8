import Foundation
import Store

/// What a `StoreConsumer` did.
public struct ConsumerStatistics: Sendable, Equatable {
    /// Kafka messages read.
    public var messages = 0
    /// Rows newly stored in `energi_records`.
    public var stored = 0
    /// Rows whose natural key was stored already (replays, duplicates).
    public var duplicates = 0
    /// Messages that failed validation (or that the store refused) and went to `energi_rejects`.
    public var rejected = 0
    /// Valid messages that held nothing to store (a wide record with every production column null).
    public var empty = 0
    /// Database transactions committed.
    public var batches = 0
    /// Times the store was unreachable and the consumer waited and reconnected.
    public var reconnects = 0
    /// Seconds from the first message read to the last batch committed.
    public var activeSeconds: Double = 0
    /// When the first message was read and the last batch committed (wall clock),
    /// for adding up several consumers' spans.
    public var firstMessageAt: Date?
    public var lastCommitAt: Date?
    /// Peak resident memory of the process (VmHWM), when known.
    public var peakMemoryBytes: Int?
    /// Offsets the broker deleted before they were stored, found in this run.
    public var gaps: [OffsetGap] = []

    /// Messages lost in `gaps`.
    public var missingMessages: Int64 { gaps.reduce(0) { $0 + $1.count } }

    public init() {}

    /// Messages per second over `activeSeconds` (0 when nothing was read).
    public var messagesPerSecond: Double {
        activeSeconds > 0 ? Double(messages) / activeSeconds : 0
    }
}
