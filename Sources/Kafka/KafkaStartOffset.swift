import Foundation

/// Where a consumer starts reading a partition.
public enum KafkaStartOffset: Sendable, Equatable {
    /// The oldest message still in the partition.
    case beginning
    /// Only messages written from now on.
    case end
    /// This exact offset (the next message to read).
    case offset(Int64)
    /// The first message whose timestamp is at or after this time (the end
    /// when there is none). Resolved with the broker's offset-for-time lookup,
    /// verified, and found by a binary search over message timestamps when
    /// the broker cannot answer (librdkafka 2.0.2's mock cluster cannot).
    case timestamp(Date)
    /// The consumer group's committed offset, or `auto.offset.reset` (default
    /// earliest) when nothing is committed.
    case committed
}
