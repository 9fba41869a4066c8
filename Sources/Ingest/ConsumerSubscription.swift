import EnergiData
import Foundation
import Kafka
import Postgres
import Store

/// Which partitions a store consumer reads and where each starts. It joins
/// the group — or, for a Kafka only this process reaches, takes every
/// partition at once — and starts each partition at the offset the store
/// holds for the group (from the beginning when none is held). Every
/// assignment and revocation is told to the partition state, the gap
/// detector and the group's membership record, in that order.
struct ConsumerSubscription {
    let topics: [String]
    let group: String
    let readsAllPartitions: Bool
    let kafka: KafkaConfiguration
    let connection: PostgresConnection
    let partitions: PartitionState
    let gaps: GapDetector
    let membership: GroupMembership
    let log: @Sendable (String) -> Void

    func start(_ consumer: KafkaConsumer) throws {
        let (topics, group, connection, log) = (self.topics, self.group, self.connection, self.log)
        let (partitions, gaps, membership) = (self.partitions, self.gaps, self.membership)
        do {
            if readsAllPartitions {
                var all: [KafkaTopicPartition] = []
                for topic in topics { all += try consumer.partitions(of: topic, timeout: .seconds(10)) }
                partitions.assign(all)
                let (starts, stored) = try Self.startOffsets(for: all, group: group, connection: connection, log: log)
                gaps.assign(all, stored: stored)
                try consumer.assign(starts)
                return
            }
            Self.evictDeadMembers(membership, group: group, kafka: kafka, log: log)
            try consumer.subscribe(topics: topics, onAssign: { [weak consumer] assigned in
                partitions.assign(assigned)
                let (starts, stored) = try Self.startOffsets(for: assigned, group: group, connection: connection, log: log)
                gaps.assign(assigned, stored: stored)
                membership.assigned(assigned, memberID: consumer?.memberID)
                return starts
            }, onRevoke: { revoked in
                partitions.revoke(revoked)
                gaps.revoke(revoked)
                membership.revoked(revoked)
            })
        } catch let error as KafkaError {
            throw IngestError(.kafka, "cannot subscribe to \(topics.joined(separator: ", ")): \(error.message)", cause: error)
        }
    }

    /// Where assigned partitions start: at the offset saved in the store,
    /// from the beginning when none is saved. Tries the store a few times;
    /// if it stays unreachable the partitions start at Kafka's committed
    /// offsets, which are never ahead of the store's (they are committed
    /// after it), so at worst a few batches are read again.
    static func startOffsets(for assigned: [KafkaTopicPartition], group: String, connection: PostgresConnection,
                             log: @Sendable (String) -> Void) throws
        -> (starts: [KafkaTopicPartition: KafkaStartOffset], stored: [PartitionOffset]) {
        var lastError: Error?
        for attempt in 0..<3 {
            do {
                if attempt > 0 {
                    Thread.sleep(forTimeInterval: 0.5 * Double(attempt))
                    try? connection.reconnect()
                }
                let saved = try StoredOffsets.load(group: group, connection)
                var starts: [KafkaTopicPartition: KafkaStartOffset] = [:]
                for partition in assigned { starts[partition] = .beginning }
                for offset in saved {
                    let partition = KafkaTopicPartition(topic: offset.topic, partition: offset.partition)
                    if starts[partition] != nil { starts[partition] = .offset(offset.nextOffset) }
                }
                return (starts, saved)
            } catch {
                lastError = error
            }
        }
        log("consume: cannot read the stored offsets (\(lastError.map { "\($0)" } ?? "unknown error")); starting at Kafka's committed offsets")
        throw IngestError(.database, "cannot read the stored offsets", cause: lastError)
    }

    /// A consumer of this group killed on this machine holds its partitions
    /// until its session times out; removing it from the group now lets its
    /// restarted successor (this one) and the others take them at once.
    static func evictDeadMembers(_ membership: GroupMembership, group: String, kafka: KafkaConfiguration,
                                 log: @Sendable (String) -> Void) {
        let dead = membership.deadMembersOnThisHost()
        guard !dead.isEmpty else { return }
        do {
            let evicted = try KafkaGroupEviction.evict(dead.map(\.memberID), group: group, bootstrapServers: kafka.bootstrapServers)
            for (memberID, recorded) in dead {
                membership.forget(recorded)
                if evicted.contains(memberID) {
                    log("consume: removed \(recorded), whose process is gone, from group \(group): its partitions move now, not when its session times out")
                }
            }
        } catch {
            log("consume: note: could not remove the dead members \(dead.map(\.recorded).joined(separator: ", ")) from group \(group) (\(error)); their partitions move when their sessions time out")
        }
    }
}
