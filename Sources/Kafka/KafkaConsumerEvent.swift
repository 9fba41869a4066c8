/// What one consumer poll can return.
public enum KafkaConsumerEvent: Sendable, Equatable {
    /// A message.
    case message(KafkaMessage)
    /// The consumer has read everything in this partition up to `offset`
    /// (the next offset that will be written). Repeats each time it catches up again.
    case endOfPartition(topic: String, partition: Int32, offset: Int64)
    /// A non-fatal error (a broker went away, a rebalance hook failed…); the
    /// consumer keeps going. Fatal errors are thrown instead.
    case error(KafkaError)
}

/// What the non-copying `KafkaConsumer.poll(max:timeout:_:)` hands over: a
/// message as a view into librdkafka's memory, or one of the other events.
public enum KafkaPolledEvent {
    /// A message, valid only during the call it is handed to.
    case message(KafkaMessageView)
    /// See `KafkaConsumerEvent.endOfPartition`.
    case endOfPartition(topic: String, partition: Int32, offset: Int64)
    /// See `KafkaConsumerEvent.error`.
    case error(KafkaError)

    /// The event with its message copied into Swift values.
    public func copied() -> KafkaConsumerEvent {
        switch self {
        case .message(let view): .message(view.copy())
        case .endOfPartition(let topic, let partition, let offset): .endOfPartition(topic: topic, partition: partition, offset: offset)
        case .error(let error): .error(error)
        }
    }
}

extension KafkaConsumerEvent {
    /// Hands this event to `body` as a polled event (a message as a view of its own bytes).
    func withPolledEvent(_ body: (KafkaPolledEvent) throws -> Void) throws {
        switch self {
        case .message(let message):
            try message.value.withUnsafeBytes { value in
                if let key = message.key {
                    try key.withUnsafeBytes { key in try body(.message(KafkaMessageView(message, key: key, value: value))) }
                } else {
                    try body(.message(KafkaMessageView(message, key: nil, value: value)))
                }
            }
        case .endOfPartition(let topic, let partition, let offset):
            try body(.endOfPartition(topic: topic, partition: partition, offset: offset))
        case .error(let error):
            try body(.error(error))
        }
    }
}
