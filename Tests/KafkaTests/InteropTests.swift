import Foundation
import Kafka
import Testing

/// Interoperability with a Kafka client not written here: kcat (Debian package).
@Suite("kcat interoperability and the fixed-port forwarder")
struct InteropTests {
    static let kcatInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat")
        || (try? KafkaTestSupport.run(["which", "kcat"]).status) == 0

    @Test("kcat produces to the embedded cluster and this consumer reads every key and value")
    func kcatProducesWeConsume() throws {
        try #require(Self.kcatInstalled, "kcat is not installed (apt install kcat)")
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("kcatin")
        let lines = (0..<200).map { "key\($0):{\"n\":\($0),\"text\":\"æøå\"}" }
        let produced = try KafkaTestSupport.run(
            ["kcat", "-b", cluster.bootstrapServers, "-P", "-t", topic, "-K:"], input: lines.joined(separator: "\n") + "\n")
        try #require(produced.status == 0)

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let messages = try KafkaTestSupport.drain(consumer, count: 200).messages
        #expect(messages.map { "\(KafkaTestSupport.text($0.key) ?? ""):\(KafkaTestSupport.text($0.value) ?? "")" } == lines)
    }

    @Test("this producer writes and kcat reads back every key and value, in order")
    func weProduceKcatConsumes() throws {
        try #require(Self.kcatInstalled, "kcat is not installed (apt install kcat)")
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("kcatout")
        let producer = try KafkaProducer(configuration: cluster.configuration)
        for index in 0..<300 { try producer.send(topic: topic, key: "key\(index)", value: "value \(index) ✓") }
        try producer.flush()

        let consumed = try KafkaTestSupport.run(
            ["kcat", "-b", cluster.bootstrapServers, "-C", "-t", topic, "-e", "-o", "beginning", "-K:", "-q"])
        #expect(consumed.status == 0)
        let lines = consumed.output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines == (0..<300).map { "key\($0):value \($0) ✓" })
    }

    @Test("the mock cannot look offsets up by time (kcat -Q says 'end'), yet the consumer finds the right offset")
    func offsetsForTimesFallback() throws {
        try #require(Self.kcatInstalled, "kcat is not installed (apt install kcat)")
        let (cluster, topic) = try KafkaTestSupport.clusterWithTopic("kcatq")
        let base = Date(timeIntervalSince1970: 1_600_000_000)
        try KafkaTestSupport.produce(10, to: topic, on: cluster.configuration) { base.addingTimeInterval(Double($0)) }
        let millis = 1_600_000_004_000
        let query = try KafkaTestSupport.run(["kcat", "-b", cluster.bootstrapServers, "-Q", "-t", "\(topic):0:\(millis)"])
        // The broker's own answer: offset -1 ("none at or after"), which is wrong for this data.
        #expect(query.output.contains("offset -1"), "kcat -Q said: \(query.output)")

        let consumer = try KafkaConsumer(configuration: cluster.configuration, groupID: nil)
        let tp = KafkaTopicPartition(topic: topic, partition: 0)
        #expect(try consumer.offsets(for: Date(timeIntervalSince1970: 1_600_000_004), in: [tp]) == [tp: 4])
    }

    @Test("a fixed port forwards to the embedded cluster: kcat and this client bootstrap through it")
    func fixedPortForwarder() throws {
        try #require(Self.kcatInstalled, "kcat is not installed (apt install kcat)")
        let cluster = try EmbeddedKafkaCluster(port: 0)  // 0: any free port, as a test must not assume one
        let port = try #require(cluster.forwardedPort)
        #expect(cluster.bootstrapServers == "127.0.0.1:\(port)")
        #expect(cluster.bootstrapServers != cluster.brokerAddresses)
        let topic = KafkaTestSupport.uniqueName("forwarded")
        try cluster.createTopic(topic)

        let produced = try KafkaTestSupport.run(
            ["kcat", "-b", cluster.bootstrapServers, "-P", "-t", topic, "-K:"], input: "a:1\nb:2\nc:3\n")
        try #require(produced.status == 0)
        try KafkaTestSupport.produce(2, to: topic, on: cluster.configuration)

        let consumed = try KafkaTestSupport.run(
            ["kcat", "-b", cluster.bootstrapServers, "-C", "-t", topic, "-e", "-o", "beginning", "-K:", "-q"])
        #expect(consumed.output.split(separator: "\n").map(String.init) == ["a:1", "b:2", "c:3", "k0:v0", "k1:v1"])

        let metadata = try KafkaAdmin.checkReachable(cluster.configuration)
        #expect(metadata.brokers.map(\.address) == [cluster.brokerAddresses])
    }

    @Test("a fixed port that is taken is a clear error")
    func takenPort() throws {
        let first = try EmbeddedKafkaCluster(port: 0)
        let port = try #require(first.forwardedPort)
        let error = #expect(throws: KafkaError.self) { _ = try EmbeddedKafkaCluster(port: port) }
        #expect(error?.code == .system)
        #expect(error?.message.contains("Port \(port)") == true)
    }
}
