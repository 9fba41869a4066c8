import ArgumentParser
import EnergiData
import Foundation
import Kafka
import Services

/// `energiflow broker`: an embedded Kafka endpoint other processes can use.
struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka endpoint in the foreground until Ctrl-C.",
        discussion: """
            Prints its bootstrap address and records it in the state directory, so other
            energiflow processes without KAFKA_BROKERS use it. Kafka clients such as kcat
            can use the address too. A topic for every dataset is created with --partitions
            partitions (4 by default); other topics are created on first use, with 4.

            It is librdkafka's mock cluster: it keeps about 5 MB of each partition and
            deletes older messages, read or not. `energiflow ingest` waits for the store's
            consumer group rather than outrun it; `energiflow consume` reports whatever was
            deleted before it was stored.
            """
    )

    @Option(help: "Listen on this port on 127.0.0.1 (forwarded to the embedded cluster).")
    var port: UInt16?

    @OptionGroup var topics: TopicOptions

    func validate() throws {
        try topics.check()
    }

    func run() throws {
        let paths = EnergiFlowPaths()
        if let running = BrokerRecord.read(from: paths.brokerFile), running.isAlive, running.pid != getpid() {
            throw ServiceError(.serverFailed, "an energiflow broker already runs at \(running.bootstrapServers) (pid \(running.pid))")
        }
        let cluster: EmbeddedKafkaCluster
        do {
            cluster = try EmbeddedKafkaCluster(port: port)
            for topic in try topics.map().topics(for: Dataset.allCases) {
                _ = try cluster.createTopic(topic, partitions: topics.partitions)
            }
        } catch let error as KafkaError {
            throw ServiceError(.serverFailed, "could not start the embedded Kafka: \(error.message)", cause: error)
        }
        let signals = TerminationSignals()
        let record = BrokerRecord(bootstrapServers: cluster.bootstrapServers)
        try record.write(to: paths.brokerFile)
        defer { BrokerRecord.remove(at: paths.brokerFile) }
        Console.out("energiflow broker: Kafka at \(cluster.bootstrapServers)")
        Console.out("topics: \(try topics.map().topics(for: Dataset.allCases).joined(separator: ", ")) (\(topics.partitions) partition\(topics.partitions == 1 ? "" : "s") each)")
        Console.out("other energiflow commands on this machine use it; Ctrl-C stops it")
        _ = signals.wait()
        Console.out("energiflow broker: stopping")
        withExtendedLifetime(cluster) {}
    }
}
