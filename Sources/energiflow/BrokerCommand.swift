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
            can use the address too. Topics for every dataset are created with one partition.
            """
    )

    @Option(help: "Listen on this port on 127.0.0.1 (forwarded to the embedded cluster).")
    var port: UInt16?

    func run() throws {
        let paths = EnergiFlowPaths()
        if let running = BrokerRecord.read(from: paths.brokerFile), running.isAlive, running.pid != getpid() {
            Console.error("error: an energiflow broker already runs at \(running.bootstrapServers) (pid \(running.pid))")
            throw ExitCode(3)
        }
        let cluster: EmbeddedKafkaCluster
        do {
            cluster = try EmbeddedKafkaCluster(port: port)
            for dataset in Dataset.allCases { _ = try cluster.createTopic(dataset.defaultTopic, partitions: 1) }
        } catch let error as KafkaError {
            Console.error("error: could not start the embedded Kafka: \(error.message)")
            throw ExitCode(3)
        }
        let signals = TerminationSignals()
        let record = BrokerRecord(bootstrapServers: cluster.bootstrapServers)
        try record.write(to: paths.brokerFile)
        defer { BrokerRecord.remove(at: paths.brokerFile) }
        Console.out("energiflow broker: Kafka at \(cluster.bootstrapServers)")
        Console.out("topics: \(Dataset.allCases.map(\.defaultTopic).joined(separator: ", "))")
        Console.out("other energiflow commands on this machine use it; Ctrl-C stops it")
        _ = signals.wait()
        Console.out("energiflow broker: stopping")
        withExtendedLifetime(cluster) {}
    }
}
