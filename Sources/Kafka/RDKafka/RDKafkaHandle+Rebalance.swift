import CRDKafka

/// A rebalance, as the consumer's Swift code sees it.
enum RDKafkaRebalanceEvent: Sendable {
    /// Partitions were assigned; the handler returns raw start offsets for any of them.
    case assign([KafkaTopicPartition])
    /// Partitions are being taken away.
    case revoke([KafkaTopicPartition])
    /// Applying the assignment or revocation failed.
    case failed(String)
}

extension RDKafkaHandle {
    /// Installs the consumer's rebalance handler (the conf must have been
    /// created with `rebalance: true`). It runs inside a consumer poll or
    /// close; after it returns, the partitions are assigned with the offsets
    /// it gave (librdkafka's committed-or-reset offset for the others) or unassigned.
    func setRebalanceHandler(_ handler: @escaping @Sendable (RDKafkaRebalanceEvent) -> [KafkaTopicPartition: Int64]) {
        context.rebalance = { rk, err, list in
            let entries = RDKafkaTopicPartitionList.entries(of: list)
            let partitions = entries.map(\.topicPartition)
            if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                let offsets = handler(.assign(partitions))
                for (index, entry) in entries.enumerated() {
                    if let offset = offsets[entry.topicPartition] {
                        RDKafkaTopicPartitionList.setOffset(in: list, index: index, offset: offset)
                    }
                }
            } else {
                _ = handler(.revoke(partitions))
            }
            if let problem = RDKafkaRebalance.applyDefault(rk, err, list) {
                _ = handler(.failed(problem))
            }
        }
    }
}
