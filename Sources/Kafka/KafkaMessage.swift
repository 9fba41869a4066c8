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

/// A consumed message where it lies (in librdkafka's memory), handed to the
/// callback of `KafkaConsumer.poll(max:timeout:_:)`: valid only during that
/// call. Reading it copies nothing; `copy()` makes a `KafkaMessage` to keep.
public struct KafkaMessageView {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// The key bytes, or nil when the message has no key.
    public let key: UnsafeRawBufferPointer?
    /// The value bytes (empty for an empty or null value).
    public let value: UnsafeRawBufferPointer
    public let timestamp: Date?

    init(topic: String, partition: Int32, offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer,
         timestamp: Date?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestamp = timestamp
    }

    /// A view of a message already copied (its bytes must outlive the view).
    init(_ message: KafkaMessage, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer) {
        self.init(topic: message.topic, partition: message.partition, offset: message.offset, key: key, value: value,
                  timestamp: message.timestamp)
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
    /// The offset to commit once this message is processed.
    public var nextOffset: Int64 { offset + 1 }

    /// Runs `body` with a view of `message` (for code that takes views:
    /// tests, replays of kept messages).
    public static func withView<T>(of message: KafkaMessage, _ body: (KafkaMessageView) throws -> T) rethrows -> T {
        try message.value.withUnsafeBytes { value in
            if let key = message.key {
                return try key.withUnsafeBytes { try body(KafkaMessageView(message, key: $0, value: value)) }
            }
            return try body(KafkaMessageView(message, key: nil, value: value))
        }
    }

    /// The message copied into Swift values.
    public func copy() -> KafkaMessage {
        KafkaMessage(topic: topic, partition: partition, offset: offset, key: key.map { [UInt8]($0) },
                     value: [UInt8](value), timestamp: timestamp)
    }
}
