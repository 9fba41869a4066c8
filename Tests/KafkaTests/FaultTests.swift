import Foundation
import Kafka
import Testing

@Suite("Faults: broker down and up, unreachable bootstrap, bad settings")
struct FaultTests {
    @Test("a broker set down while producing, then up: every message delivered once, nothing lost")
    func brokerDownWhileProducing() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("outage")
        let producer = try KafkaProducer(configuration: cluster.configuration)
        let total = 20_000
        for index in 0..<total {
            // Paced, so batches are in flight when the broker goes down.
            if index % 500 == 0 { Thread.sleep(forTimeInterval: 0.005) }
            if index == 5_000 { try cluster.setBrokerDown(1) }
            if index == 15_000 { try cluster.setBrokerUp(1) }
            try producer.send(topic: topic, key: Array("k\(index)".utf8), value: Array("v\(index)".utf8))
        }
        try producer.flush(timeout: .seconds(60))
        #expect(producer.deliveredCount == total)
        #expect(producer.failedCount == 0)
        // The outage was real: the producer saw its connection fail.
        #expect(producer.lastError?.code == .unreachable)

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        try consumer.assign([tp: .beginning])
        let drained = try KafkaTestSupport.drain(consumer, count: .max, timeout: .seconds(60)) { $0.ends[tp] != nil }
        let values = drained.messages.compactMap { KafkaTestSupport.text($0.value) }
        #expect(Set(values) == Set((0..<total).map { "v\($0)" }), "nothing lost")
        #expect(values.count == total, "nothing doubled")
        #expect(values == (0..<total).map { "v\($0)" }, "order kept")
    }

    @Test("an unreachable bootstrap address fails within a bounded time with an error naming it")
    func unreachableBootstrap() throws {
        let started = ContinuousClock.now
        let error = #expect(throws: KafkaError.self) {
            try KafkaAdmin.checkReachable(KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), timeout: .seconds(2))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(6))
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1:1") == true)
    }

    @Test("the reachability check reports the embedded cluster's broker")
    func reachableEmbedded() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let metadata = try KafkaAdmin.checkReachable(cluster.configuration)
        #expect(metadata.brokers.map(\.id) == [1, 2, 3])
        #expect(metadata.brokers.map(\.address).joined(separator: ",") == cluster.brokerAddresses)
    }

    @Test("flush against a dead broker reports how many messages are still undelivered")
    func flushTimeout() throws {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"))
        for index in 0..<7 { try producer.send(topic: "nowhere", key: nil, value: Array("m\(index)".utf8)) }
        let error = #expect(throws: KafkaError.self) { try producer.flush(timeout: .milliseconds(500)) }
        #expect(error?.code == .timedOut)
        #expect(error?.message.hasPrefix("7 Kafka message(s) were still undelivered") == true)
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(producer.undeliveredCount == 7)
    }

    @Test("delivery failures are counted and the last one kept")
    func deliveryFailuresCounted() throws {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(
            bootstrapServers: "127.0.0.1:1", properties: ["message.timeout.ms": "300"]))
        for index in 0..<4 { try producer.send(topic: "nowhere", key: nil, value: Array("m\(index)".utf8)) }
        try producer.flush(timeout: .seconds(10))
        #expect(producer.failedCount == 4)
        #expect(producer.deliveredCount == 0)
        #expect(producer.lastDeliveryError?.code == .delivery)
        #expect(producer.lastDeliveryError?.rdKafkaName == "_MSG_TIMED_OUT")
    }

    @Test("an unknown or invalid librdkafka setting is a clear configuration error")
    func badSettings() throws {
        let unknown = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:9092", properties: ["linger.msec": "5"]))
        }
        #expect(unknown?.code == .configuration)
        #expect(unknown?.message.contains("'linger.msec'") == true)
        #expect(unknown?.message.contains("not a librdkafka setting") == true)

        let invalid = #expect(throws: KafkaError.self) {
            _ = try KafkaConsumer(
                configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:9092", properties: ["auto.offset.reset": "sideways"]),
                groupID: "g")
        }
        #expect(invalid?.code == .configuration)
        #expect(invalid?.message.contains("'auto.offset.reset' = 'sideways'") == true)

        let secret = #expect(throws: KafkaError.self) {
            try KafkaConfiguration(bootstrapServers: "x:1", properties: ["sasl.password": "hunter2", "bogus.key": "1"]).validate()
        }
        #expect(secret?.message.contains("hunter2") == false)
        #expect(throws: Never.self) { try KafkaConfiguration(bootstrapServers: "x:1", properties: ["linger.ms": "50"]).validate() }
    }

    @Test("creating an embedded topic twice is not an error; bad partition counts are")
    func embeddedTopics() throws {
        let cluster = try EmbeddedKafkaCluster()
        let name = KafkaTestSupport.uniqueName("twice")
        #expect(try cluster.createTopic(name, partitions: 1) == true)
        #expect(try cluster.createTopic(name, partitions: 1) == false)
        #expect(throws: KafkaError.self) { try cluster.createTopic(KafkaTestSupport.uniqueName("zero"), partitions: 0) }
        let admin = try KafkaAdmin(configuration: cluster.configuration)
        let topic = try #require(try admin.metadata().topic(name))
        #expect(topic.partitions.map(\.id) == [0])
        #expect(try admin.topicNames().contains(name))
    }

    @Test("the mock cluster has no CreateTopics request: the admin call says so instead of hanging")
    func adminCreateTopicsOnMock() throws {
        let cluster = try EmbeddedKafkaCluster()
        let admin = try KafkaAdmin(configuration: cluster.configuration)
        let started = ContinuousClock.now
        let error = #expect(throws: KafkaError.self) {
            try admin.createTopics([KafkaTestSupport.uniqueName("admin")], timeout: .seconds(3))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(error?.code == .unsupported)
    }

    @Test("the library version is librdkafka's, as the package manager installed it")
    func libraryVersion() throws {
        let installed = try KafkaTestSupport.run(["pkg-config", "--modversion", "rdkafka"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!installed.isEmpty)
        #expect(Kafka.libraryVersion == installed)
    }
}

@Suite("Quirks of librdkafka 2.0.2's mock cluster, pinned down")
struct MockQuirkTests {
    @Test("a partition keeps only its newest ~5 MB; reading from a dropped offset is an error event with auto.offset.reset=error")
    func retentionAndOutOfRange() throws {
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("retention")
        let producer = try KafkaProducer(configuration: KafkaConfiguration(
            bootstrapServers: cluster.bootstrapServers, properties: ["compression.codec": "none"]))
        // 12 MB, uncompressed, in 10 kB messages.
        var value = [UInt8](repeating: 7, count: 10_000)
        for index in 0..<1_200 {
            value[0] = UInt8(truncatingIfNeeded: index)
            try producer.send(topic: topic, key: nil, value: value)
        }
        try producer.flush()
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["auto.offset.reset": "error"]),
            groupID: nil)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        let (low, high) = try consumer.watermarks(topic: topic, partition: 0)
        #expect(high == 1_200)
        #expect(low > 0, "older batches were dropped")
        #expect(Int(high - low) * 10_000 <= EmbeddedKafkaCluster.retainedBytesPerPartition + 1_100_000)

        try consumer.assign([tp: .offset(0)])
        let drained = try KafkaTestSupport.drain(consumer, count: 1, timeout: .seconds(10)) { !$0.errors.isEmpty }
        #expect(drained.messages.isEmpty)
        #expect(drained.errors.first?.rdKafkaName == "_AUTO_OFFSET_RESET")
    }
}
