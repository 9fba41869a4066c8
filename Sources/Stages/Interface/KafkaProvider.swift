import EnergiData
import Kafka

/// Gives live sources (`tail`) what they need to reach Kafka, resolved only
/// when such a pipeline runs: where the brokers are, any librdkafka
/// settings, and which topic carries each dataset. Errors it throws should
/// be `ExecutionError(.connection)` (exit 3).
public protocol KafkaProvider: Sendable {
    /// `host:port[,host:port…]` of the brokers (KAFKA_BROKERS, the running
    /// `energiflow broker`, or an embedded cluster).
    func bootstrapServers() throws -> String
    /// Extra librdkafka consumer properties (default none).
    var consumerProperties: [String: String] { get }
    /// The topic `dataset` is published on (default: the dataset's own
    /// topic, e.g. `elspot_topic`).
    func topic(for dataset: Dataset) -> String
}

extension KafkaProvider {
    public var consumerProperties: [String: String] { [:] }

    public func topic(for dataset: Dataset) -> String { dataset.defaultTopic }

    /// The configuration a tail's consumers start from.
    public func configuration() throws -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: try bootstrapServers(), properties: consumerProperties)
    }
}

/// Brokers known up front: an embedded cluster the caller owns (the demo,
/// tests) or an address given on the command line.
public struct FixedKafka: KafkaProvider {
    public var servers: String
    public var consumerProperties: [String: String]
    /// Topics other than the datasets' defaults.
    public var topics: [Dataset: String]

    public init(bootstrapServers: String, consumerProperties: [String: String] = [:], topics: [Dataset: String] = [:]) {
        self.servers = bootstrapServers
        self.consumerProperties = consumerProperties
        self.topics = topics
    }

    public func bootstrapServers() throws -> String { servers }

    public func topic(for dataset: Dataset) -> String { topics[dataset] ?? dataset.defaultTopic }
}
