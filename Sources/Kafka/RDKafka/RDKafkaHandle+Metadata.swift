import CRDKafka

extension RDKafkaHandle {
    /// Cluster metadata for all topics, waiting at most `timeoutMs`. (Asking
    /// for one topic by name could auto-create it, so this never does.)
    func metadata(timeoutMs: Int32) throws -> KafkaClusterMetadata {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(pointer, 1, nil, &metadata, timeoutMs)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md = metadata?.pointee else {
            throw KafkaError(rdKafka: err, "Asking \(bootstrapServers) for cluster metadata", bootstrapServers: bootstrapServers)
        }
        let brokers = (0..<Int(md.broker_cnt)).map { index in
            let broker = md.brokers[index]
            return KafkaClusterMetadata.Broker(
                id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: broker.port)
        }
        let topics = (0..<Int(md.topic_cnt)).map { index in
            let topic = md.topics[index]
            let partitions = (0..<Int(topic.partition_cnt)).map { p in
                let partition = topic.partitions[p]
                let replicas = (0..<Int(partition.replica_cnt)).map { partition.replicas[$0] }
                return KafkaClusterMetadata.Partition(
                    id: partition.id, leader: partition.leader, replicas: replicas,
                    error: partition.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaLibrary.name(partition.err))
            }
            return KafkaClusterMetadata.Topic(
                name: topic.topic.map { String(cString: $0) } ?? "",
                partitions: partitions.sorted { $0.id < $1.id },
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaLibrary.name(topic.err))
        }
        return KafkaClusterMetadata(
            clusterID: clusterID(timeoutMs: 0),  // cached by the metadata call just made
            brokers: brokers.sorted { $0.id < $1.id },
            topics: topics.sorted { $0.name < $1.name },
            originatingBrokerID: md.orig_broker_id,
            originatingBrokerName: md.orig_broker_name.map { String(cString: $0) } ?? "")
    }

    /// The number of partitions of `topic`, asking for that topic by name:
    /// a broker that creates topics on first use (librdkafka's mock, a
    /// default Kafka) creates it now, as producing to it would. Nil when the
    /// topic does not exist and was not created.
    func partitionCount(of topic: String, timeoutMs: Int32) throws -> Int32? {
        let topicHandle = try self.topicHandle(topic)
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(pointer, 0, topicHandle, &metadata, timeoutMs)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md = metadata?.pointee else {
            throw KafkaError(rdKafka: err, "Asking \(bootstrapServers) about topic \(topic)", bootstrapServers: bootstrapServers)
        }
        for index in 0..<Int(md.topic_cnt) {
            let entry = md.topics[index]
            guard entry.topic.map({ String(cString: $0) }) == topic else { continue }
            return entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.partition_cnt > 0 ? entry.partition_cnt : nil
        }
        return nil
    }

    /// The controller broker's id from the latest metadata, or nil when the
    /// cluster names none.
    func controllerID() -> Int32? {
        let id = rd_kafka_controllerid(pointer, 0)
        return id >= 0 ? id : nil
    }

    private func clusterID(timeoutMs: Int32) -> String? {
        guard let id = rd_kafka_clusterid(pointer, timeoutMs) else { return nil }
        defer { rd_kafka_mem_free(pointer, id) }
        return String(cString: id)
    }

    /// Creates topics through the Admin API. Returns per-topic outcome:
    /// nil when created (or it already existed), else the error.
    func createTopics(
        _ names: [String], partitions: Int32, replicationFactor: Int32, timeoutMs: Int32
    ) throws -> [String: KafkaError?] {
        guard !names.isEmpty else { return [:] }
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        var errorText = [CChar](repeating: 0, count: 512)
        for name in names {
            guard let topic = rd_kafka_NewTopic_new(name, partitions, replicationFactor, &errorText, errorText.count) else {
                let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw KafkaError(.admin, "Topic '\(name)' cannot be created with \(partitions) partitions and replication factor \(replicationFactor).", rdKafkaReason: reason)
            }
            newTopics.append(topic)
        }
        guard let options = rd_kafka_AdminOptions_new(pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            throw KafkaError(.admin, "librdkafka could not allocate admin options.")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errorText, errorText.count)
        guard let queue = rd_kafka_queue_new(pointer) else {
            throw KafkaError(.admin, "librdkafka could not allocate an event queue.")
        }
        defer { rd_kafka_queue_destroy(queue) }

        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(pointer, buffer.baseAddress, buffer.count, options, queue)
        }
        // The request itself times out after timeoutMs; wait a little longer for its result event.
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 2000) else {
            throw KafkaError(rdKafka: RD_KAFKA_RESP_ERR__TIMED_OUT, "Creating topics \(names.joined(separator: ", "))", bootstrapServers: bootstrapServers)
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let reason = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw KafkaError(rdKafka: eventError, "Creating topics \(names.joined(separator: ", "))", bootstrapServers: bootstrapServers, reason: reason)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(.admin, "Creating topics \(names.joined(separator: ", ")) gave no result; try again.")
        }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
        var outcome: [String: KafkaError?] = [:]
        for index in 0..<count {
            guard let topic = topics[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topic))
            let err = rd_kafka_topic_result_error(topic)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                outcome[name] = .some(nil)
            } else {
                let reason = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
                let base = KafkaError(rdKafka: err, "Creating topic '\(name)'", bootstrapServers: bootstrapServers, reason: reason)
                outcome[name] = base.code != .broker ? base : KafkaError(
                    .admin, base.message, rdKafkaName: base.rdKafkaName, rdKafkaCode: base.rdKafkaCode, rdKafkaReason: base.rdKafkaReason)
            }
        }
        return outcome
    }
}
