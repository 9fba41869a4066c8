import Foundation
import Kafka
import Testing

/// Collects the partitions an assign hook saw, across threads.
final class SeenPartitions: @unchecked Sendable {
    private let lock = NSLock()
    private var assigned: [[KafkaTopicPartition]] = []
    private var revoked: [[KafkaTopicPartition]] = []
    func assign(_ partitions: [KafkaTopicPartition]) { lock.withLock { assigned.append(partitions) } }
    func revoke(_ partitions: [KafkaTopicPartition]) { lock.withLock { revoked.append(partitions) } }
    var assignments: [[KafkaTopicPartition]] { lock.withLock { assigned } }
    var revocations: [[KafkaTopicPartition]] { lock.withLock { revoked } }
}

@Suite("Consumer groups, commits and rebalance hooks")
struct ConsumerGroupTests {
    @Test("commit, close, and a new consumer in the same group resumes at the committed offset")
    func resumeAtCommittedOffset() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("resume")
        try KafkaTestSupport.produce(100, to: topic, on: cluster.configuration)
        let group = KafkaTestSupport.uniqueName("group")
        let tp = KafkaTopicPartition(topic: topic, partition: 0)

        let first = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        try first.subscribe(topics: [topic])
        let read = try KafkaTestSupport.drain(first, count: 40).messages.prefix(40)
        #expect(read.map(\.offset) == Array(0..<40))
        try first.commit([tp: try #require(read.last).nextOffset])
        #expect(try first.committed([tp]) == [tp: 40])
        try first.close()

        let second = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        #expect(try second.committed([tp]) == [tp: 40])
        try second.subscribe(topics: [topic])
        let rest = try KafkaTestSupport.drain(second, count: 60)
        #expect(rest.messages.map(\.offset) == Array(40..<100))
        #expect(rest.messages.first.map { KafkaTestSupport.text($0.value) } == "v40")
        try second.close()
    }

    @Test("nothing is committed unless commit is called (auto commit is off)")
    func noAutoCommit() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("noauto")
        try KafkaTestSupport.produce(10, to: topic, on: cluster.configuration)
        let group = KafkaTestSupport.uniqueName("group")
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["auto.commit.interval.ms": "100"]),
            groupID: group)
        try consumer.subscribe(topics: [topic])
        #expect(try KafkaTestSupport.drain(consumer, count: 10).messages.count == 10)
        Thread.sleep(forTimeInterval: 0.5)
        try consumer.close()
        let checker = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        #expect(try checker.committed([tp]).isEmpty)
    }

    @Test("the assign hook's start offsets are honoured, over the committed offset")
    func assignHookOffsetsHonoured() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("hook")
        try KafkaTestSupport.produce(50, to: topic, on: cluster.configuration)
        let group = KafkaTestSupport.uniqueName("group")
        let tp = KafkaTopicPartition(topic: topic, partition: 0)

        // Commit 10 first, so "committed" and "hook" would differ.
        let committer = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        try committer.commit([tp: 10])
        try committer.close()

        let seen = SeenPartitions()
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        try consumer.subscribe(
            topics: [topic],
            onAssign: { partitions in
                seen.assign(partitions)
                return [tp: .offset(33)]
            },
            onRevoke: { seen.revoke($0) })
        let drained = try KafkaTestSupport.drain(consumer, count: 17)
        #expect(drained.messages.map(\.offset) == Array(33..<50))
        #expect(seen.assignments == [[tp]])
        try consumer.close()
        #expect(seen.revocations == [[tp]])
    }

    @Test("the assign hook may start a group's partition by timestamp")
    func assignHookByTimestamp() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("hooktime")
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        try KafkaTestSupport.produce(30, to: topic, on: cluster.configuration) { base.addingTimeInterval(Double($0) * 10) }
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: KafkaTestSupport.uniqueName("group"))
        try consumer.subscribe(topics: [topic], onAssign: { _ in [tp: .timestamp(base.addingTimeInterval(195))] })
        // 195 s after base lies between message 19 (190 s) and 20 (200 s).
        #expect(try KafkaTestSupport.drain(consumer, count: 10).messages.map(\.offset) == Array(20..<30))
        try consumer.close()
    }

    @Test("partitions the hook leaves out start at the committed offset")
    func hookOmissionUsesCommitted() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("omit")
        try KafkaTestSupport.produce(20, to: topic, on: cluster.configuration)
        let group = KafkaTestSupport.uniqueName("group")
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let committer = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        try committer.commit([tp: 12])
        try committer.close()

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: group)
        try consumer.subscribe(topics: [topic], onAssign: { _ in [:] })
        #expect(try KafkaTestSupport.drain(consumer, count: 8).messages.map(\.offset) == Array(12..<20))
        try consumer.close()
    }

    @Test("a failing assign hook is reported as an error event and consumption goes on from the committed offset")
    func failingHook() throws {
        struct HookFailure: Error {}
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("failhook")
        try KafkaTestSupport.produce(5, to: topic, on: cluster.configuration)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: KafkaTestSupport.uniqueName("group"))
        try consumer.subscribe(topics: [topic], onAssign: { _ in throw HookFailure() })
        let drained = try KafkaTestSupport.drain(consumer, count: 5)
        #expect(drained.messages.map(\.offset) == Array(0..<5))
        #expect(drained.errors.contains { $0.message.contains("assignment hook failed") })
        try consumer.close()
    }

    @Test("a consumer without a group refuses to commit, with a sentence saying why")
    func noGroupNoCommit() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("nogroup")
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        #expect(consumer.canCommit == false)
        let error = #expect(throws: KafkaError.self) {
            try consumer.commit([KafkaTopicPartition(topic: topic, partition: 0): 1])
        }
        #expect(error?.code == .invalidUse)
        #expect(error?.message.contains("without a consumer group") == true)
    }
}
