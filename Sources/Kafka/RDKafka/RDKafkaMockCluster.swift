import CRDKafka

/// Owns a librdkafka mock cluster (rdkafka_mock.h) and the rd_kafka_t it lives in.
/// The mock runs its brokers on its own thread, listening on 127.0.0.1 at
/// ports the kernel picks (librdkafka 2.0.2 has no way to choose them).
final class RDKafkaMockCluster: @unchecked Sendable {
    private let handle: RDKafkaHandle
    private let cluster: OpaquePointer
    let bootstrapServers: String

    init(brokers: Int) throws {
        // A producer handle only hosts the cluster; it never produces.
        handle = try RDKafkaHandle(kind: .producer, properties: [("client.id", "energiflow-embedded-kafka")], bootstrapServers: "(embedded)")
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(clamping: brokers)) else {
            throw KafkaError(.admin, "librdkafka could not start an embedded Kafka cluster with \(brokers) broker(s); see the log with ENERGIFLOW_KAFKA_DEBUG=1.")
        }
        self.cluster = cluster
        bootstrapServers = rd_kafka_mock_cluster_bootstraps(cluster).map { String(cString: $0) } ?? ""
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        // `handle` is released after this, destroying the rd_kafka_t that hosted the cluster.
    }

    func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws -> Bool {
        let err = rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)
        if err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { return false }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Creating topic '\(name)' in the embedded Kafka cluster")
        }
        return true
    }

    func setBroker(_ id: Int32, up: Bool) throws {
        let err = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Setting embedded broker \(id) \(up ? "up" : "down")")
        }
    }

    func setLeader(topic: String, partition: Int32, broker: Int32) throws {
        let err = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Moving the leader of \(topic)[\(partition)] to broker \(broker)")
        }
    }
}
