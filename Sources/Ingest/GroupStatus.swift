import Foundation
import Kafka
import Postgres
import Store

/// The consumer groups that store into PostgreSQL, partition by partition,
/// as `kafka-consumer-groups --describe` shows a group: each partition's
/// first and end offset on the broker, the offset the store holds for the
/// group, the lag between them, and which member holds the partition.
public struct PartitionStatus: Sendable, Equatable {
    public var group: String
    public var topic: String
    public var partition: Int32
    /// The broker's first offset still kept (nil when Kafka was not asked or did not answer).
    public var firstOffset: Int64?
    /// The offset the next message will get.
    public var endOffset: Int64?
    /// The next offset the store holds for the group (nil: nothing stored yet).
    public var storedOffset: Int64?
    public var member: String?
    /// When the member last said it was alive.
    public var memberSeen: Date?

    /// Messages not stored yet: from the stored offset (or the first kept) to the end.
    public var lag: Int64? {
        guard let endOffset else { return nil }
        return max(0, endOffset - (storedOffset ?? firstOffset ?? 0))
    }

    /// Messages the broker no longer has that the group never stored (a gap, found when read).
    public var deletedUnread: Int64 {
        guard let first = firstOffset else { return 0 }
        return max(0, first - (storedOffset ?? 0))
    }
}

public enum GroupStatus {
    /// Every (group, topic, partition): the groups that stored anything (or
    /// just `group`), over the partitions of `topics` the broker has and
    /// those the store knows. `kafka` nil: offsets from the store only.
    public static func read(kafka: KafkaConfiguration?, topics: [String], group: String? = nil,
                            _ connection: PostgresConnection) throws -> (partitions: [PartitionStatus], kafkaProblem: String?) {
        var stored = try StoredOffsets.loadAll(connection)
        if let group { stored = stored.filter { $0.key == group } }
        if stored.isEmpty { stored[group ?? StoreConsumer.Options.defaultGroup] = [] }
        let holders = try ConsumerMembers.load(group: group, connection)

        var marks: [KafkaTopicPartition: (low: Int64, high: Int64)] = [:]
        var kafkaProblem: String?
        var brokerPartitions: [KafkaTopicPartition] = []
        if let kafka {
            do {
                let reader = try KafkaConsumer(configuration: kafka, groupID: nil)
                for topic in topics {
                    guard let found = try? reader.partitions(of: topic, timeout: .seconds(5)) else { continue }
                    brokerPartitions += found
                    for partition in found {
                        marks[partition] = try reader.watermarks(topic: partition.topic, partition: partition.partition, timeout: .seconds(5))
                    }
                }
            } catch {
                kafkaProblem = "\(error)"
            }
        }
        var result: [PartitionStatus] = []
        for (name, offsets) in stored.sorted(by: { $0.key < $1.key }) {
            let storedBy = Dictionary(offsets.map { (KafkaTopicPartition(topic: $0.topic, partition: $0.partition), $0.nextOffset) },
                                      uniquingKeysWith: { a, _ in a })
            let all = Set(brokerPartitions).union(storedBy.keys.filter { topics.isEmpty || topics.contains($0.topic) })
            for partition in all.sorted() {
                let holder = holders.first { $0.group == name && $0.topic == partition.topic && $0.partition == partition.partition }
                result.append(PartitionStatus(
                    group: name, topic: partition.topic, partition: partition.partition,
                    firstOffset: marks[partition]?.low, endOffset: marks[partition]?.high,
                    storedOffset: storedBy[partition], member: holder?.member, memberSeen: holder?.seenAt))
            }
        }
        return (result, kafkaProblem)
    }
}
