import EnergiData
import Foundation
import Kafka
import Store

/// Messages read from Kafka and validated, waiting to be stored in one
/// transaction: the rows to insert, the rejects, and per partition the next
/// offset to read once they are stored.
struct ConsumedBatch: Sendable {
    /// One accepted message and the rows it became (`rows[rowRange]`), kept so
    /// that a message the store refuses can be found and rejected alone.
    struct Accepted: Sendable {
        var message: KafkaMessage
        var rowRange: Range<Int>
    }

    var rows: [StoreRow] = []
    var rejects: [RejectRow] = []
    var accepted: [Accepted] = []
    /// Next offset per partition: one past the newest message seen.
    var nextOffsets: [KafkaTopicPartition: Int64] = [:]
    var messageCount = 0
    /// Valid messages with nothing to store.
    var emptyCount = 0
    /// When the first message was added.
    var startedAt: ContinuousClock.Instant?

    var isEmpty: Bool { messageCount == 0 }

    /// Validates `message` and adds its rows, or its reject.
    mutating func add(_ message: KafkaMessage, validator: RecordValidator) {
        if startedAt == nil { startedAt = .now }
        messageCount += 1
        let partition = message.topicPartition
        // Never move backwards: after a rebalance old offsets may be delivered again.
        if nextOffsets[partition].map({ $0 < message.nextOffset }) ?? true {
            nextOffsets[partition] = message.nextOffset
        }
        switch validator.validate(message.value.isEmpty ? nil : message.value, topic: message.topic) {
        case .accepted(let observations):
            if observations.isEmpty {
                emptyCount += 1
                return
            }
            let start = rows.count
            for observation in observations {
                rows.append(StoreRow(observation, source: message.topic, partition: message.partition, offset: message.offset))
            }
            accepted.append(Accepted(message: message, rowRange: start..<rows.count))
        case .rejected(let rejection):
            rejects.append(Self.reject(message, reason: rejection.reason))
        }
    }

    static func reject(_ message: KafkaMessage, reason: String) -> RejectRow {
        RejectRow(source: message.topic, partition: message.partition, offset: message.offset,
                  key: message.key, raw: message.value, reason: reason)
    }

    /// The offsets to save with the batch, sorted.
    var partitionOffsets: [PartitionOffset] {
        nextOffsets.sorted { $0.key < $1.key }.map {
            PartitionOffset(topic: $0.key.topic, partition: $0.key.partition, nextOffset: $0.value)
        }
    }
}
