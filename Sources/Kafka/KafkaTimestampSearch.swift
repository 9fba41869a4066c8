import Foundation

/// Finds "the first offset whose message timestamp is at or after T" per partition.
///
/// It asks the broker (ListOffsets by time) first. A broker answer of "none"
/// is checked against the partition's last message: if that message is at or
/// after T the broker could not answer (librdkafka 2.0.2's mock cluster always
/// says "none"), and the offset is found by a binary search that reads single
/// messages with a private probe consumer. The search assumes timestamps do
/// not decrease within a partition, as they do when producers stamp messages
/// with the time they are sent or with event times in order.
struct KafkaTimestampSearch {
    let consumer: KafkaConsumer
    let timeoutMs: Int32

    func offsets(for timestamp: Date, in partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let millis = Int64((timestamp.timeIntervalSince1970 * 1000).rounded(.down))
        let answers = try consumer.handle.offsetsForTimes(partitions.map { ($0, max(0, millis)) }, timeoutMs: timeoutMs)
        var result: [KafkaTopicPartition: Int64] = [:]
        var probe: Probe?
        for partition in partitions {
            if let answer = answers[partition], answer >= 0 {
                result[partition] = answer
                continue
            }
            let (low, high) = try consumer.handle.watermarks(partition, timeoutMs: timeoutMs)
            guard high > low else {
                result[partition] = high
                continue
            }
            if probe == nil { probe = try Probe(configuration: consumer.configuration, timeoutMs: timeoutMs) }
            guard let probe else { continue }
            result[partition] = try search(partition, low: low, high: high, target: timestamp, probe: probe)
        }
        return result
    }

    /// First offset in [low, high) with timestamp ≥ target, or high.
    private func search(_ partition: KafkaTopicPartition, low: Int64, high: Int64, target: Date, probe: Probe) throws -> Int64 {
        func isAtOrAfter(_ message: (offset: Int64, timestamp: Date?)) -> Bool {
            (message.timestamp ?? .distantPast) >= target
        }
        guard let last = try probe.firstMessage(atOrAfter: high - 1, in: partition), isAtOrAfter(last) else {
            return high
        }
        // Search [lower, bound) for the first message at or after target;
        // `answer` is the earliest such message found so far.
        var lower = low
        var bound = last.offset
        var answer = last.offset
        while lower < bound {
            let middle = lower + (bound - lower) / 2
            guard let found = try probe.firstMessage(atOrAfter: middle, in: partition) else { break }
            if found.offset >= bound || isAtOrAfter(found) {
                // Nothing earlier than `found` exists in [middle, found.offset): look below middle.
                if found.offset < bound { answer = found.offset }
                bound = middle
            } else {
                lower = found.offset + 1
            }
        }
        return answer
    }

    /// A throwaway assign-only consumer that reads single messages.
    final class Probe {
        private let consumer: KafkaConsumer
        private let timeoutMs: Int32

        init(configuration: KafkaConfiguration, timeoutMs: Int32) throws {
            var configuration = configuration
            configuration["fetch.wait.max.ms"] = "10"
            consumer = try KafkaConsumer(configuration: configuration, groupID: nil)
            self.timeoutMs = timeoutMs
        }

        deinit { try? consumer.close() }

        /// The first message at or after `offset`, or nil when the partition ends first.
        func firstMessage(atOrAfter offset: Int64, in partition: KafkaTopicPartition) throws -> (offset: Int64, timestamp: Date?)? {
            try consumer.assign([partition: .offset(offset)])
            let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
            while Date() < deadline {
                guard let event = try consumer.poll(timeout: .milliseconds(100)) else { continue }
                switch event {
                case .message(let message) where message.topicPartition == partition && message.offset >= offset:
                    return (message.offset, message.timestamp)
                case .endOfPartition(let topic, let number, let end)
                    where topic == partition.topic && number == partition.partition && end > offset:
                    continue  // a message at or after `offset` exists; keep reading
                case .endOfPartition(let topic, let number, _) where topic == partition.topic && number == partition.partition:
                    return nil
                default:
                    continue
                }
            }
            throw KafkaError(
                .timedOut,
                "Reading \(partition) at offset \(offset) to find a time position took longer than \(Duration.milliseconds(Int64(timeoutMs)).kafkaDescription); check that the broker at \(consumer.configuration.bootstrapServers) is running.")
        }
    }
}
