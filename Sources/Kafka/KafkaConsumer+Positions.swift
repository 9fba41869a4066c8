import Foundation

extension KafkaConsumer {
    /// Moves assigned partitions to new positions (they must be assigned
    /// already: after `assign`, or inside/after a group assignment).
    public func seek(_ positions: [KafkaTopicPartition: KafkaStartOffset], timeout: Duration = .seconds(10)) throws {
        let raw = try rawOffsets(for: positions, timeoutMs: timeout.kafkaMilliseconds, useInvalidForCommitted: false)
        try handle.seek(raw.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Per partition, the offset of the first message with a timestamp at or
    /// after `timestamp` (the high watermark when there is none). Asks the
    /// broker first; when the broker has no answer although the last message
    /// is that recent (librdkafka 2.0.2's mock cluster never answers),
    /// binary-searches message timestamps, assuming they do not decrease.
    public func offsets(for timestamp: Date, in partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws -> [KafkaTopicPartition: Int64] {
        try KafkaTimestampSearch(consumer: self, timeoutMs: timeout.kafkaMilliseconds).offsets(for: timestamp, in: partitions)
    }

    /// The partition's low watermark (oldest offset kept) and high watermark
    /// (the offset the next message will get), asked of the broker.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws -> (low: Int64, high: Int64) {
        try handle.watermarks(KafkaTopicPartition(topic: topic, partition: partition), timeoutMs: timeout.kafkaMilliseconds)
    }

    /// The next offset this consumer will read per assigned partition (absent when not known yet).
    public func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: Int64] {
        try handle.position(partitions).compactMapValues { $0 }
    }

    /// Cluster metadata as this consumer sees it.
    public func metadata(timeout: Duration = .seconds(10)) throws -> KafkaClusterMetadata {
        try handle.metadata(timeoutMs: timeout.kafkaMilliseconds)
    }

    /// librdkafka offsets for start positions. For `assign`, `.committed`
    /// becomes "invalid" (librdkafka then reads the committed offset itself);
    /// for `seek` it is read here, falling back to `auto.offset.reset`.
    func rawOffsets(
        for starts: [KafkaTopicPartition: KafkaStartOffset], timeoutMs: Int32, useInvalidForCommitted: Bool
    ) throws -> [KafkaTopicPartition: Int64] {
        var raw: [KafkaTopicPartition: Int64] = [:]
        var byTime: [Date: [KafkaTopicPartition]] = [:]
        var committedWanted: [KafkaTopicPartition] = []
        for (partition, start) in starts {
            switch start {
            case .beginning: raw[partition] = RDKafkaOffset.beginning
            case .end:
                // Resolved now: librdkafka resolves a logical "end" later, and a
                // message produced meanwhile would be skipped.
                raw[partition] = try handle.watermarks(partition, timeoutMs: timeoutMs).high
            case .offset(let offset):
                guard offset >= 0 else {
                    throw KafkaError(.invalidUse, "Offset \(offset) for \(partition) is negative; use .beginning or .end instead.")
                }
                raw[partition] = offset
            case .timestamp(let date): byTime[date, default: []].append(partition)
            case .committed:
                if useInvalidForCommitted { raw[partition] = RDKafkaOffset.invalid } else { committedWanted.append(partition) }
            }
        }
        for (date, partitions) in byTime {
            let found = try KafkaTimestampSearch(consumer: self, timeoutMs: timeoutMs).offsets(for: date, in: partitions)
            raw.merge(found) { _, new in new }
        }
        if !committedWanted.isEmpty {
            let committed = canCommit ? try handle.committed(committedWanted, timeoutMs: timeoutMs) : [:]
            let reset = (configuration.properties["auto.offset.reset"] ?? "earliest").lowercased()
            let fallback = ["latest", "end", "largest"].contains(reset) ? RDKafkaOffset.end : RDKafkaOffset.beginning
            for partition in committedWanted { raw[partition] = (committed[partition] ?? nil) ?? fallback }
        }
        return raw
    }
}
