import Foundation

/// A consumed message, copied out of librdkafka into Swift values.
public struct KafkaMessage: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// The key bytes, or nil when the message has no key.
    public let key: [UInt8]?
    /// The value bytes (empty for an empty or null value).
    public let value: [UInt8]
    /// The message's timestamp (producer create time or broker append time), when it has one.
    public let timestamp: Date?

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], timestamp: Date?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestamp = timestamp
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
    /// The offset to commit once this message is processed (Kafka commits "the next one to read").
    public var nextOffset: Int64 { offset + 1 }
}
