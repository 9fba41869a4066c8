import Foundation
import Kafka

/// The Kafka EnergiFlow talks to, opened: brokers from KAFKA_BROKERS, the
/// shared `energiflow broker`, or a cluster inside this process. Keeps an
/// in-process cluster alive for as long as the endpoint lives.
public final class KafkaEndpoint: @unchecked Sendable {
    public let target: KafkaTarget
    public let configuration: KafkaConfiguration
    /// Set when the cluster runs inside this process.
    public let embedded: EmbeddedKafkaCluster?

    /// Opens the endpoint for `target`, checking within `timeout` that it
    /// answers (a ServiceError, exit code 3, names it when not). On a cluster
    /// inside this process, `topics` are created with `partitions` partitions.
    public init(target: KafkaTarget = .resolve(), topics: [String] = [], partitions: Int32 = 1,
                timeout: Duration = .seconds(5)) throws {
        self.target = target
        switch target {
        case .brokers(let servers):
            configuration = KafkaConfiguration(bootstrapServers: servers)
            embedded = nil
        case .sharedBroker(let record):
            configuration = KafkaConfiguration(bootstrapServers: record.bootstrapServers)
            embedded = nil
        case .inProcess:
            do {
                let cluster = try EmbeddedKafkaCluster()
                for topic in topics { _ = try cluster.createTopic(topic, partitions: partitions) }
                embedded = cluster
                configuration = cluster.configuration
            } catch let error as KafkaError {
                throw ServiceError(.serverFailed, "could not start the embedded Kafka: \(error.message)", cause: error)
            }
        }
        guard embedded == nil else { return }
        do {
            _ = try KafkaAdmin.checkReachable(configuration, timeout: timeout)
        } catch let error as KafkaError {
            var message = "cannot reach Kafka: \(error.message)"
            if case .sharedBroker(let record) = target {
                message += " (the `energiflow broker` with pid \(record.pid) recorded this address; restart it)"
            }
            throw ServiceError(.unreachable, message, cause: error)
        }
    }

    /// The bootstrap servers clients should use.
    public var bootstrapServers: String { configuration.bootstrapServers }

    /// The short name the REPL prompt and doctor show.
    public var label: String {
        switch target {
        case .brokers: return "kafka"
        case .sharedBroker: return "broker"
        case .inProcess: return "embedded"
        }
    }
}
