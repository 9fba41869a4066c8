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
