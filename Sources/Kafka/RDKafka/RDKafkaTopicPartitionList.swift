import CRDKafka

/// Owns one `rd_kafka_topic_partition_list_t` and converts it to Swift values.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 1) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: max(capacity, 1)))
    }

    convenience init(_ entries: [(KafkaTopicPartition, Int64)]) {
        self.init(capacity: entries.count)
        for (topicPartition, offset) in entries { add(topicPartition, offset: offset) }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    func add(_ topicPartition: KafkaTopicPartition, offset: Int64 = CRDKafka_OFFSET_INVALID) {
        let element = rd_kafka_topic_partition_list_add(pointer, topicPartition.topic, topicPartition.partition)
        element?.pointee.offset = offset
    }

    /// Each element: partition, offset, and its per-partition error (NO_ERROR when fine).
    var entries: [(topicPartition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        RDKafkaTopicPartitionList.entries(of: pointer)
    }

    /// Reads a list owned by someone else (e.g. the one a rebalance callback gets).
    static func entries(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?)
        -> [(topicPartition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)]
    {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            let topic = element.topic.map { String(cString: $0) } ?? ""
            return (KafkaTopicPartition(topic: topic, partition: element.partition), element.offset, element.err)
        }
    }

    /// Sets the offset of one element of a list owned by someone else.
    static func setOffset(in list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, index: Int, offset: Int64) {
        guard let elements = list.pointee.elems, index < Int(list.pointee.cnt) else { return }
        elements[index].offset = offset
    }
}
