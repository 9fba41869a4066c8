import CRDKafka

extension RDKafkaHandle {
    /// Enqueues one message (copied). Returns librdkafka's result code, e.g.
    /// `RD_KAFKA_RESP_ERR__QUEUE_FULL`, which the producer handles.
    func produce(
        topic: OpaquePointer, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer,
        timestampMs: Int64
    ) -> rd_kafka_resp_err_t {
        CRDKafka_produce(
            pointer, topic, partition ?? CRDKafka_PARTITION_UA,
            key?.baseAddress, key?.count ?? 0,
            value.baseAddress, value.count, timestampMs)
    }

    static func isQueueFull(_ err: rd_kafka_resp_err_t) -> Bool { err == RD_KAFKA_RESP_ERR__QUEUE_FULL }
    static func isSuccess(_ err: rd_kafka_resp_err_t) -> Bool { err == RD_KAFKA_RESP_ERR_NO_ERROR }

    /// Waits until every queued message is delivered or failed; true if all are done.
    func flush(timeoutMs: Int32) -> Bool {
        rd_kafka_flush(pointer, timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Messages (and requests) not yet delivered or failed.
    var outQueueLength: Int { Int(rd_kafka_outq_len(pointer)) }

    /// The fatal error of an idempotent producer, if one happened.
    var fatalError: KafkaError? {
        var buffer = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(pointer, &buffer, buffer.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KafkaError(
            .fatal,
            "The Kafka producer for \(bootstrapServers) hit a fatal error (\(RDKafkaLibrary.name(err))) and must be recreated.",
            rdKafkaName: RDKafkaLibrary.name(err), rdKafkaCode: err.rawValue, rdKafkaReason: reason)
    }

    /// Turns a failed produce result into an error people can read.
    func produceError(_ err: rd_kafka_resp_err_t, topic: String) -> KafkaError {
        KafkaError(rdKafka: err, "Sending a message to topic '\(topic)'", bootstrapServers: bootstrapServers)
    }
}
