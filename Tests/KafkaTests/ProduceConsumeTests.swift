import Foundation
import Kafka
import Testing

@Suite("Producing and consuming against the embedded cluster")
struct ProduceConsumeTests {
    @Test("10,000 messages come back complete and in order, keys and values intact")
    func tenThousandInOrder() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("ordered")
        try KafkaTestSupport.produce(10_000, to: topic, on: cluster.configuration)

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let drained = try KafkaTestSupport.drain(consumer, count: 10_000)

        #expect(drained.messages.count == 10_000)
        #expect(drained.messages.map(\.offset) == Array(0..<10_000).map(Int64.init))
        #expect(drained.messages.map { KafkaTestSupport.text($0.value) } == (0..<10_000).map { "v\($0)" })
        #expect(drained.messages.map { KafkaTestSupport.text($0.key) } == (0..<10_000).map { "k\($0)" })
        #expect(drained.messages.allSatisfy { $0.topic == topic && $0.partition == 0 })
        try consumer.close()
    }

    @Test("polling in place hands over the same messages as copying, and a throwing handler stops the poll")
    func pollingInPlace() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("inplace")
        try KafkaTestSupport.produce(3_000, to: topic, on: cluster.configuration)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        var seen: [KafkaMessage] = []
        var keyed = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.count < 3_000, ContinuousClock.now < deadline {
            try consumer.poll(max: 500, timeout: .milliseconds(200)) { event in
                guard case .message(let view) = event else { return }
                // The view reads librdkafka's memory; what it says is what a copy keeps.
                let copy = view.copy()
                #expect(copy.value == [UInt8](view.value) && copy.key == view.key.map { [UInt8]($0) })
                #expect(copy.offset == view.offset && copy.partition == view.partition && copy.topic == topic)
                if view.key != nil { keyed += 1 }
                seen.append(copy)
            }
        }
        #expect(seen.map(\.offset) == Array(0..<3_000).map(Int64.init))
        #expect(seen.map { KafkaTestSupport.text($0.value) } == (0..<3_000).map { "v\($0)" })
        #expect(keyed == 3_000)

        // A handler that throws: the error comes out of poll, and the consumer goes on.
        struct Stop: Error {}
        try consumer.seek([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        var handed = 0
        var thrown = false
        while !thrown, ContinuousClock.now < deadline {
            do {
                try consumer.poll(max: 500, timeout: .milliseconds(200)) { event in
                    guard case .message = event else { return }
                    handed += 1
                    if handed == 10 { throw Stop() }
                }
            } catch is Stop {
                thrown = true
            }
        }
        #expect(thrown && handed == 10)
        #expect(try consumer.poll(max: 10, timeout: .seconds(5)).isEmpty == false)
        try consumer.close()
    }

    @Test("10,000 messages over 3 partitions: each partition in order, each message once, same key same partition")
    func tenThousandOverPartitions() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("partitioned", partitions: 3)
        try KafkaTestSupport.produce(10_000, to: topic, on: cluster.configuration)

        // One consumer per partition: librdkafka 2.0.2's mock can stall a
        // single consumer that fetches several partitions.
        var all: [KafkaMessage] = []
        for partition in Int32(0)..<3 {
            let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
            let tp = KafkaTopicPartition(topic: topic, partition: partition)
            try consumer.assign([tp: .beginning])
            let high = try consumer.watermarks(topic: topic, partition: partition).high
            let drained = try KafkaTestSupport.drain(consumer, count: Int(high))
            #expect(drained.messages.count == Int(high))
            #expect(drained.messages.map(\.offset) == Array(0..<high))
            // Within a partition the producer's order is kept.
            let indices = drained.messages.compactMap { KafkaTestSupport.text($0.value).flatMap { Int($0.dropFirst()) } }
            #expect(indices == indices.sorted())
            all += drained.messages
            try consumer.close()
        }
        #expect(all.count == 10_000)
        #expect(Set(all.compactMap { KafkaTestSupport.text($0.value) }) == Set((0..<10_000).map { "v\($0)" }))
        // A key always lands in the same partition, and its value matches it.
        #expect(all.allSatisfy { KafkaTestSupport.text($0.key)?.dropFirst() == KafkaTestSupport.text($0.value)?.dropFirst() })
        #expect(Set(all.map(\.partition)).count == 3)
    }

    @Test("a full producer queue makes send wait and retry instead of failing")
    func queueFullRetries() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("queuefull")
        // Room for 50 messages only: 5,000 sends must hit QUEUE_FULL many times.
        let configuration = KafkaConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            properties: ["queue.buffering.max.messages": "50", "linger.ms": "5"])
        try KafkaTestSupport.produce(5_000, to: topic, on: configuration)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        #expect(try consumer.watermarks(topic: topic, partition: 0) == (0, 5_000))
    }

    @Test("an end-of-partition event arrives at the high watermark, and again after new messages")
    func endOfPartition() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("eof")
        try KafkaTestSupport.produce(25, to: topic, on: cluster.configuration)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([tp: .beginning])
        let first = try KafkaTestSupport.drain(consumer, count: .max) { $0.ends[tp] != nil }
        #expect(first.messages.count == 25)
        #expect(first.ends[tp] == 25)

        try KafkaTestSupport.produce(5, to: topic, on: cluster.configuration, startingAt: 25)
        let second = try KafkaTestSupport.drain(consumer, count: .max) { $0.ends[tp] != nil }
        #expect(second.messages.map(\.offset) == [25, 26, 27, 28, 29])
        #expect(second.ends[tp] == 30)
        try consumer.close()
    }

    @Test("message timestamps set by the producer come back unchanged; without one, the send time")
    func timestamps() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("stamps")
        let base = Date(timeIntervalSince1970: 1_700_000_000.123)
        try KafkaTestSupport.produce(3, to: topic, on: cluster.configuration) { base.addingTimeInterval(Double($0) * 3600) }
        let before = Date()
        try KafkaTestSupport.produce(1, to: topic, on: cluster.configuration, startingAt: 3)
        let after = Date()

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let drained = try KafkaTestSupport.drain(consumer, count: 4)
        let stamps = drained.messages.map { $0.timestamp?.timeIntervalSince1970 }
        #expect(stamps.prefix(3).map { $0.map { ($0 * 1000).rounded() } } == [1_700_000_000_123, 1_700_003_600_123, 1_700_007_200_123])
        let now = try #require(drained.messages.last?.timestamp)
        #expect(now >= before.addingTimeInterval(-0.002) && now <= after.addingTimeInterval(0.002))
    }

    @Test("a null key stays null, an empty value stays empty, binary bytes are kept")
    func keysAndValues() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("bytes")
        let producer = try KafkaProducer(configuration: cluster.configuration)
        let binary: [UInt8] = [0, 255, 10, 13, 0, 128]
        try producer.send(topic: topic, key: nil, value: binary)
        try producer.send(topic: topic, key: [], value: [])
        try producer.send(topic: topic, key: "ключ", value: "værdi ✓")
        try producer.flush()

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let messages = try KafkaTestSupport.drain(consumer, count: 3).messages
        try #require(messages.count == 3)
        #expect(messages[0].key == nil)
        #expect(messages[0].value == binary)
        #expect(messages[1].value == [])
        #expect(KafkaTestSupport.text(messages[2].key) == "ключ")
        #expect(KafkaTestSupport.text(messages[2].value) == "værdi ✓")
    }

    @Test("the async batch API delivers the same messages from the consumer's own thread")
    func asyncBatches() async throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("async")
        try KafkaTestSupport.produce(500, to: topic, on: cluster.configuration)
        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        var offsets: [Int64] = []
        // Bounded by polls, not wall time: under a loaded test run the task
        // can wait long between polls for a free pool thread.
        var polls = 0
        while offsets.count < 500 && polls < 150 {
            polls += 1
            for case .message(let message) in try await consumer.nextBatch(max: 100, timeout: .milliseconds(200)) {
                offsets.append(message.offset)
            }
        }
        #expect(offsets == Array(0..<500))
        try await consumer.closeAsync()
    }
}
