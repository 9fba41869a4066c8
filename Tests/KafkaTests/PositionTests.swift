import Foundation
import Kafka
import Testing

@Suite("Start positions: beginning, end, offset, timestamp, seek, watermarks")
struct PositionTests {
    @Test("watermarks report the first and next offsets")
    func watermarks() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("marks")
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        #expect(try consumer.watermarks(topic: topic, partition: 0) == (0, 0))
        try KafkaTestSupport.produce(42, to: topic, on: cluster.configuration)
        #expect(try consumer.watermarks(topic: topic, partition: 0) == (0, 42))
    }

    @Test("from the end only new messages arrive; seeking to the beginning replays everything")
    func endThenBeginning() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("seek")
        try KafkaTestSupport.produce(30, to: topic, on: cluster.configuration)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([tp: .end])
        // Nothing old arrives: the first event is the end of the partition at 30.
        let idle = try KafkaTestSupport.drain(consumer, count: .max) { $0.ends[tp] != nil }
        #expect(idle.messages.isEmpty)
        #expect(idle.ends[tp] == 30)

        try KafkaTestSupport.produce(3, to: topic, on: cluster.configuration, startingAt: 30)
        #expect(try KafkaTestSupport.drain(consumer, count: 3).messages.map(\.offset) == [30, 31, 32])

        try consumer.seek([tp: .beginning])
        let replay = try KafkaTestSupport.drain(consumer, count: 33)
        #expect(replay.messages.map(\.offset) == Array(0..<33))

        try consumer.seek([tp: .offset(31)])
        #expect(try KafkaTestSupport.drain(consumer, count: 2).messages.map(\.offset) == [31, 32])

        try consumer.seek([tp: .end])
        try KafkaTestSupport.produce(1, to: topic, on: cluster.configuration, startingAt: 33)
        #expect(try KafkaTestSupport.drain(consumer, count: 1).messages.map(\.offset) == [33])
    }

    @Test("assign from an exact offset; assign all partitions of a topic")
    func exactOffsetAndTopicAssign() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("exact", partitions: 2)
        try KafkaTestSupport.produce(10, to: topic, on: cluster.configuration, partition: 1)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 1): .offset(7)])
        #expect(try KafkaTestSupport.drain(consumer, count: 3).messages.map(\.offset) == [7, 8, 9])

        let all = try consumer.assign(topics: [topic], from: .beginning)
        #expect(all == [KafkaTopicPartition(topic: topic, partition: 0), KafkaTopicPartition(topic: topic, partition: 1)])
        #expect(try consumer.assignment() == all)
    }

    @Test("starting by timestamp includes exactly the messages at or after it")
    func startByTimestamp() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("bytime")
        let base = Date(timeIntervalSince1970: 1_727_740_800)  // 2024-10-01T00:00:00Z
        // Message i is stamped base + i minutes.
        try KafkaTestSupport.produce(100, to: topic, on: cluster.configuration) { base.addingTimeInterval(Double($0) * 60) }
        let tp = KafkaTopicPartition(topic: topic, partition: 0)

        for minute in [0, 1, 37, 50, 98, 99] {
            let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
            try consumer.assign([tp: .timestamp(base.addingTimeInterval(Double(minute) * 60))])
            let drained = try KafkaTestSupport.drain(consumer, count: .max) { $0.ends[tp] != nil }
            #expect(drained.messages.map(\.offset) == Array(Int64(minute)..<100), "from minute \(minute)")
            // Independently: every message read is at/after the time, every one skipped before it.
            #expect(drained.messages.allSatisfy { ($0.timestamp ?? .distantPast) >= base.addingTimeInterval(Double(minute) * 60) })
        }

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        // Between two messages: the later one. Before all: the first. After all: the end.
        #expect(try consumer.offsets(for: base.addingTimeInterval(37 * 60 - 1), in: [tp]) == [tp: 37])
        #expect(try consumer.offsets(for: base.addingTimeInterval(-86_400), in: [tp]) == [tp: 0])
        #expect(try consumer.offsets(for: base.addingTimeInterval(100 * 60), in: [tp]) == [tp: 100])
        #expect(try consumer.offsets(for: Date(), in: [tp]) == [tp: 100])
    }

    @Test("'the last 10 minutes' by timestamp, with messages stamped at send time")
    func recentByTimestamp() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("recent")
        let now = Date()
        // 20 old messages (an hour ago and older), then 5 recent ones.
        try KafkaTestSupport.produce(25, to: topic, on: cluster.configuration) { index in
            index < 20 ? now.addingTimeInterval(-3600 - Double(20 - index) * 60) : now.addingTimeInterval(-Double(25 - index) * 60)
        }
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([tp: .timestamp(Date().addingTimeInterval(-600))])
        let drained = try KafkaTestSupport.drain(consumer, count: .max) { $0.ends[tp] != nil }
        #expect(drained.messages.map(\.offset) == Array(20..<25))
    }

    @Test("an empty partition by timestamp starts at its end")
    func emptyByTimestamp() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("emptytime")
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        #expect(try consumer.offsets(for: Date(), in: [tp]) == [tp: 0])
    }

    @Test("a negative exact offset is refused with a clear error")
    func negativeOffset() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("negative")
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        let error = #expect(throws: KafkaError.self) {
            try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .offset(-5)])
        }
        #expect(error?.code == .invalidUse)
    }

    @Test("assigning a topic that does not exist names it")
    func unknownTopic() throws {
        let cluster = try EmbeddedKafkaCluster()
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        let missing = KafkaTestSupport.uniqueName("missing")
        let error = #expect(throws: KafkaError.self) {
            try consumer.assign(topics: [missing], from: .beginning, timeout: .seconds(3))
        }
        #expect(error?.message.contains(missing) == true)
    }
}
