import EnergiData
import Foundation
import Kafka
import Store

/// Fills batches from the messages polled and says when one is ready to
/// store. Invariants (tested in BatchAssemblerTests):
/// - a batch is handed over once it holds `maxMessages` messages or rows,
///   or once its first message is `maxLatency` old — never empty;
/// - every message added is in exactly one batch handed over (`take`, and
///   `takeRest` at the end);
/// - a gap found while reading goes with the batch holding the first
///   message after it, so the two are stored in one transaction.
struct BatchAssembler {
    let maxMessages: Int
    let maxLatency: Duration
    private(set) var current = ConsumedBatch()
    /// Over all batches taken: valid messages with nothing to store, and rejects.
    private(set) var emptyMessages = 0
    private(set) var rejectedMessages = 0

    init(maxMessages: Int, maxLatency: Duration) {
        self.maxMessages = max(1, maxMessages)
        self.maxLatency = maxLatency
    }

    var isEmpty: Bool { current.isEmpty }

    /// Validates and adds one message; returns its event time when valid.
    mutating func add(_ message: KafkaMessageView, validator: RecordValidator) -> Date? {
        current.add(message, validator: validator)
    }

    /// Adds a gap found just before the message added last.
    mutating func add(_ gap: OffsetGap) {
        current.gaps.append(gap)
    }

    /// Full: as many messages, or rows (a wide record gives several), as allowed.
    var isFull: Bool { current.messageCount >= maxMessages || current.rows.count >= maxMessages }

    /// Its first message is `maxLatency` old at `now`.
    func isDue(at now: ContinuousClock.Instant) -> Bool {
        guard let started = current.startedAt else { return false }
        return now - started >= maxLatency
    }

    /// The batch when it is full or due, a new one started in its place.
    mutating func take(at now: ContinuousClock.Instant = .now) -> ConsumedBatch? {
        guard isFull || isDue(at: now) else { return nil }
        return takeRest()
    }

    /// Whatever the batch holds (nil when empty), a new one started in its
    /// place. The new batch's buffer starts at this one's size: it grows once,
    /// not by doubling.
    mutating func takeRest() -> ConsumedBatch? {
        guard !current.isEmpty else { return nil }
        let taken = current
        emptyMessages += taken.emptyCount
        rejectedMessages += taken.rejects.count
        let bytes = taken.rows.encodedBytes
        current = ConsumedBatch(capacity: bytes + bytes / 8)
        return taken
    }
}
