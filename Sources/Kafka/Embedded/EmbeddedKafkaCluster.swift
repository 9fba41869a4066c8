import Foundation

/// An in-process Kafka cluster on librdkafka's mock cluster (rdkafka_mock.h):
/// real Kafka protocol on loopback, kept in memory, gone with the process.
///
/// Quirks of librdkafka 2.0.2's mock: each partition keeps only its newest
/// ~5 MB of (compressed) message batches or 100,000 batches, dropping older
/// ones like retention does (`retainedBytesPerPartition`); topics created by clients (by producing
/// or asking metadata for an unknown name) get 4 partitions, and one consumer
/// fetching several partitions can stall, so create topics here first, with
/// one partition; it has no CreateTopics request (`KafkaAdmin.createTopics`
/// fails with `.unsupported`); it cannot look offsets up by time (the
/// consumer searches message timestamps instead); it does not deduplicate an
/// idempotent producer's retries; a consumer group's first join takes ~3 s.
public final class EmbeddedKafkaCluster: @unchecked Sendable {
    /// How many bytes of message batches (as produced, i.e. compressed) the
    /// mock keeps per partition before dropping the oldest: fixed in librdkafka 2.0.2.
    public static let retainedBytesPerPartition = 5 * 1024 * 1024

    /// Where clients connect: the chosen port's forwarder, or the first broker.
    public let bootstrapServers: String
    /// The brokers' own addresses (127.0.0.1 with kernel-picked ports).
    public let brokerAddresses: String
    public let brokerCount: Int
    /// The fixed port clients bootstrap through, when one was asked for.
    public let forwardedPort: UInt16?

    private let mock: RDKafkaMockCluster
    private let forwarder: KafkaPortForwarder?

    /// Starts `brokers` brokers (ids 1…N). With `port`, also listens on
    /// 127.0.0.1:`port` (0 picks a free one) and forwards to the brokers,
    /// because the mock cannot bind a chosen port itself.
    public init(brokers: Int = 1, port: UInt16? = nil) throws {
        guard brokers >= 1 else {
            throw KafkaError(.invalidUse, "An embedded Kafka cluster needs at least one broker, not \(brokers).")
        }
        mock = try RDKafkaMockCluster(brokers: brokers)
        brokerCount = brokers
        brokerAddresses = mock.bootstrapServers
        if let port {
            let targets = mock.bootstrapServers.split(separator: ",").compactMap { address in
                address.split(separator: ":").last.flatMap { UInt16($0) }
            }
            let forwarder = try KafkaPortForwarder(port: port, targets: targets)
            self.forwarder = forwarder
            forwardedPort = forwarder.port
            bootstrapServers = "127.0.0.1:\(forwarder.port)"
        } else {
            forwarder = nil
            forwardedPort = nil
            bootstrapServers = mock.bootstrapServers
        }
    }

    deinit {
        forwarder?.stop()
        // `mock` is released after this: it destroys the cluster, then its handle.
    }

    /// A configuration pointing at this cluster.
    public var configuration: KafkaConfiguration { KafkaConfiguration(bootstrapServers: bootstrapServers) }

    /// Creates a topic; returns false when it already existed (not an error).
    @discardableResult
    public func createTopic(_ name: String, partitions: Int32 = 1, replicationFactor: Int32 = 1) throws -> Bool {
        guard partitions >= 1, replicationFactor >= 1, replicationFactor <= brokerCount else {
            throw KafkaError(
                .invalidUse,
                "Topic '\(name)' needs at least one partition and a replication factor between 1 and \(brokerCount) (the number of embedded brokers).")
        }
        return try mock.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
    }

    /// Takes broker `id` (1…N) down: its connections close and it refuses new ones.
    public func setBrokerDown(_ id: Int32) throws { try mock.setBroker(id, up: false) }

    /// Brings broker `id` back on the same port.
    public func setBrokerUp(_ id: Int32) throws { try mock.setBroker(id, up: true) }

    /// Makes broker `id` the leader of one partition.
    public func setPartitionLeader(topic: String, partition: Int32, broker id: Int32) throws {
        try mock.setLeader(topic: topic, partition: partition, broker: id)
    }
}
