import Foundation

/// Topic administration and cluster checks.
public final class KafkaAdmin: @unchecked Sendable {
    public let configuration: KafkaConfiguration
    private let handle: RDKafkaHandle

    public init(configuration: KafkaConfiguration) throws {
        self.configuration = configuration
        // A producer handle that never produces: admin requests and metadata only.
        handle = try RDKafkaHandle(
            kind: .producer,
            properties: configuration.properties(defaults: [:], forced: [:]),
            bootstrapServers: configuration.bootstrapServers,
            errors: true)
    }

    /// Creates the topics that do not exist yet; one that already exists is not an error.
    /// Throws the first failure. librdkafka 2.0.2's mock cluster does not support
    /// this request (`.unsupported`): use `EmbeddedKafkaCluster.createTopic` there.
    public func createTopics(
        _ names: [String], partitions: Int32 = 1, replicationFactor: Int32 = 1, timeout: Duration = .seconds(15)
    ) throws {
        // Topics are created by the controller: without one the request could
        // only time out, so say why up front.
        // (librdkafka 2.0.2's mock reports controller 0, which is none of its brokers.)
        let brokers = try metadata(timeout: timeout).brokers
        guard let controller = handle.controllerID(), brokers.contains(where: { $0.id == controller }) else {
            throw KafkaError(
                .unsupported,
                "The Kafka cluster at \(configuration.bootstrapServers) names no controller among its brokers, so it cannot create topics \(names.joined(separator: ", ")) on request (librdkafka's mock cluster, which `energiflow broker` runs, is like that); create them in the process that runs the cluster, or let producing create them.")
        }
        let outcome = try handle.createTopics(
            names, partitions: partitions, replicationFactor: replicationFactor, timeoutMs: timeout.kafkaMilliseconds)
        for name in names {
            if case .some(.some(let error)) = outcome[name] { throw error }
        }
    }

    /// The cluster's brokers and topics.
    public func metadata(timeout: Duration = .seconds(10)) throws -> KafkaClusterMetadata {
        do {
            return try handle.metadata(timeoutMs: timeout.kafkaMilliseconds)
        } catch let error as KafkaError where error.code == .timedOut || error.code == .unreachable {
            throw unreachable(error, timeout: timeout)
        }
    }

    /// The names of the cluster's topics, sorted.
    public func topicNames(timeout: Duration = .seconds(10)) throws -> [String] {
        try metadata(timeout: timeout).topics.map(\.name)
    }

    /// Checks that a broker answers at `bootstrapServers` within `timeout`;
    /// throws `.unreachable` naming them otherwise. Returns what it said.
    public static func checkReachable(
        _ configuration: KafkaConfiguration, timeout: Duration = .seconds(5)
    ) throws -> KafkaClusterMetadata {
        var configuration = configuration
        // Fail fast: do not let one connection attempt outlive the whole check.
        let millis = String(max(1000, Int(timeout.kafkaMilliseconds)))
        if configuration["socket.connection.setup.timeout.ms"] == nil {
            configuration["socket.connection.setup.timeout.ms"] = millis
        }
        return try KafkaAdmin(configuration: configuration).metadata(timeout: timeout)
    }

    private func unreachable(_ error: KafkaError, timeout: Duration) -> KafkaError {
        handle.poll(timeoutMs: 0)  // serve queued error callbacks for a better reason
        let reason = handle.context.lastError?.rdKafkaReason ?? error.rdKafkaReason
        return KafkaError(
            .unreachable,
            "No Kafka broker answered at \(configuration.bootstrapServers) within \(timeout.kafkaDescription); start one there or point the bootstrap servers (KAFKA_BROKERS) at a running broker.",
            rdKafkaName: error.rdKafkaName, rdKafkaCode: error.rdKafkaCode, rdKafkaReason: reason)
    }
}
