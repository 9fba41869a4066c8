import Foundation
import Kafka
import Testing

/// Shared helpers for the Kafka wrapper tests. Every test starts its own
/// embedded cluster and uses its own topic names, so tests run in parallel.
enum KafkaTestSupport {
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A cluster with one topic of `partitions` partitions already created.
    static func clusterWithTopic(_ prefix: String, partitions: Int32 = 1, brokers: Int = 1) throws -> (EmbeddedKafkaCluster, String) {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers)
        let topic = uniqueName(prefix)
        try cluster.createTopic(topic, partitions: partitions)
        return (cluster, topic)
    }

    /// Produces `count` messages keyed "k<i>" with value "v<i>" and waits for delivery.
    static func produce(
        _ count: Int, to topic: String, on configuration: KafkaConfiguration, startingAt first: Int = 0,
        partition: Int32? = nil, timestamp: ((Int) -> Date?)? = nil
    ) throws {
        let producer = try KafkaProducer(configuration: configuration)
        for index in first..<(first + count) {
            try producer.send(
                topic: topic, key: Array("k\(index)".utf8), value: Array("v\(index)".utf8),
                timestamp: timestamp?(index), partition: partition)
        }
        try producer.flush(timeout: .seconds(30))
        #expect(producer.failedCount == 0)
        #expect(producer.deliveredCount == count)
    }

    struct Drained {
        var messages: [KafkaMessage] = []
        var ends: [KafkaTopicPartition: Int64] = [:]
        var errors: [KafkaError] = []
    }

    /// Polls until `count` messages arrived (or `until` says stop), or the deadline.
    static func drain(
        _ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30),
        until done: ((Drained) -> Bool)? = nil
    ) throws -> Drained {
        var result = Drained()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if result.messages.count >= count || (done?(result) ?? false) { break }
            for event in try consumer.poll(max: 2000, timeout: .milliseconds(200)) {
                switch event {
                case .message(let message): result.messages.append(message)
                case .endOfPartition(let topic, let partition, let offset):
                    result.ends[KafkaTopicPartition(topic: topic, partition: partition)] = offset
                case .error(let error): result.errors.append(error)
                }
            }
        }
        return result
    }

    static func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    /// Runs a command, returning its exit status and standard output.
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, timeout: TimeInterval = 30) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        // Never hang a test on a stuck child: terminate it after `timeout`.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
            if process.isRunning { process.terminate() }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
