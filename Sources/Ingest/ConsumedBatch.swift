import EnergiData
import Foundation
import Kafka
import Store

/// Messages read from Kafka and validated, waiting to be stored in one
/// transaction: the rows to insert (already in the form the store's COPY
/// sends), the rejects, and per partition the next offset to read once they
/// are stored. A message is validated where librdkafka holds it and its
/// rows are encoded straight into the batch: nothing is built per message.
struct ConsumedBatch: Sendable {
    /// One accepted message and the rows it became, kept so that a message
    /// the store refuses can be found and rejected alone.
    struct Accepted: Sendable {
        var topic: String
        var partition: Int32
        var offset: Int64
        /// Its key's bytes in `keys`; nil when the message had no key.
        var key: Range<Int>?
        var rowRange: Range<Int>
    }

    var rows = EncodedRows()
    var rejects: [RejectRow] = []
    var accepted: [Accepted] = []
    /// Offsets the broker deleted before they were read, found while reading this batch.
    var gaps: [OffsetGap] = []
    /// The accepted messages' keys, back to back.
    private(set) var keys: [UInt8] = []
    /// Next offset per partition: one past the newest message seen.
    var nextOffsets: [KafkaTopicPartition: Int64] { positions.mapValues(\.next) }
    /// Per partition, one past the newest message seen and that message's event time.
    private var positions: [KafkaTopicPartition: Position] {
        var all = offsets
        if let current { Self.merge(current, into: &all) }
        return all
    }
    /// `positions` but for the partition being read now, which messages
    /// come from one after another: kept aside, not a dictionary update each.
    private var offsets: [KafkaTopicPartition: Position] = [:]
    private var current: (partition: KafkaTopicPartition, position: Position)?

    struct Position: Sendable {
        var next: Int64
        /// The event time of the message at `next - 1`, when it had one.
        var eventTime: Date?
    }
    /// The dataset of the topic read last (a lookup by topic name each message otherwise).
    private var topicDataset: (topic: String, dataset: Dataset?)?
    var messageCount = 0
    /// Valid messages with nothing to store.
    var emptyCount = 0
    /// When the first message was added.
    var startedAt: ContinuousClock.Instant?

    var isEmpty: Bool { messageCount == 0 }

    /// A batch whose rows buffer starts with room for `capacity` bytes.
    init(capacity: Int = 0) {
        rows = EncodedRows(capacity: capacity)
    }

    /// Validates `message` (in place) and adds its rows, or its reject.
    /// Returns the message's event time, when it had a valid one.
    @discardableResult
    mutating func add(_ message: KafkaMessageView, validator: RecordValidator) -> Date? {
        if startedAt == nil { startedAt = .now }
        messageCount += 1
        let eventTime = validateAndAdd(message, validator: validator)
        // Never move backwards: after a rebalance old offsets may be delivered again.
        if let run = current, run.partition.partition == message.partition, run.partition.topic == message.topic {
            if message.nextOffset > run.position.next { current?.position = Position(next: message.nextOffset, eventTime: eventTime) }
        } else {
            if let run = current { Self.merge(run, into: &offsets) }
            let partition = message.topicPartition
            var position = Position(next: message.nextOffset, eventTime: eventTime)
            if let known = offsets[partition], known.next > position.next { position = known }
            current = (partition, position)
        }
        return eventTime
    }

    private mutating func validateAndAdd(_ message: KafkaMessageView, validator: RecordValidator) -> Date? {
        var eventTime: Date?
        let dataset: Dataset?
        if let cached = topicDataset, cached.topic == message.topic {
            dataset = cached.dataset
        } else {
            dataset = validator.dataset(forTopic: message.topic)
            topicDataset = (message.topic, dataset)
        }
        let start = rows.count
        let rejection: Rejection?
        if let dataset {
            rejection = validator.validate(bytes: message.value, dataset: dataset) { row in
                if eventTime == nil { eventTime = row.time }
                rows.append(row, source: message.topic, partition: message.partition, offset: message.offset)
            }
        } else {
            // An unknown topic: the validator says so.
            rejection = validator.validate(bytes: message.value, topic: message.topic) { _ in }
        }
        if let rejection {
            rejects.append(Self.reject(message, reason: rejection.reason))
        } else if rows.count == start {
            emptyCount += 1
        } else {
            var key: Range<Int>?
            if let bytes = message.key {
                key = keys.count..<(keys.count + bytes.count)
                keys.append(contentsOf: bytes)
            }
            accepted.append(Accepted(topic: message.topic, partition: message.partition, offset: message.offset,
                                     key: key, rowRange: start..<rows.count))
        }
        return rejection == nil ? eventTime : nil
    }

    /// Records a partition's next offset, never moving it backwards.
    private static func merge(_ run: (partition: KafkaTopicPartition, position: Position),
                              into offsets: inout [KafkaTopicPartition: Position]) {
        if let known = offsets[run.partition], known.next >= run.position.next { return }
        offsets[run.partition] = run.position
    }

    static func reject(_ message: KafkaMessageView, reason: String) -> RejectRow {
        RejectRow(source: message.topic, partition: message.partition, offset: message.offset,
                  key: message.key.map { [UInt8]($0) }, raw: [UInt8](message.value), reason: reason)
    }

    /// An accepted message the store refused after all, as a reject: its
    /// bytes are its first row's payload (the message as received).
    func reject(_ entry: Accepted, reason: String) -> RejectRow {
        RejectRow(source: entry.topic, partition: entry.partition, offset: entry.offset,
                  key: entry.key.map { Array(keys[$0]) }, raw: rows.payload(ofRow: entry.rowRange.lowerBound) ?? [],
                  reason: reason)
    }

    /// The rows of accepted messages `range`.
    func rows(ofAccepted range: Range<Int>) -> EncodedRows {
        guard let first = accepted[range].first, let last = accepted[range].last else { return EncodedRows() }
        return rows.rows(first.rowRange.lowerBound..<last.rowRange.upperBound)
    }

    /// The offsets to save with the batch, sorted.
    var partitionOffsets: [PartitionOffset] {
        positions.sorted { $0.key < $1.key }.map {
            PartitionOffset(topic: $0.key.topic, partition: $0.key.partition, nextOffset: $0.value.next,
                            lastEventTime: $0.value.eventTime)
        }
    }
}
