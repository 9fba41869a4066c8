import CRDKafka
import Foundation

/// Owns one `rd_kafka_t` (producer or consumer) and the callback context it
/// points at. librdkafka handles are thread-safe, so this class is too.
final class RDKafkaHandle: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let pointer: OpaquePointer
    let kind: Kind
    let context: RDKafkaCallbackContext
    let bootstrapServers: String
    private let stateLock = NSLock()  // guards topicHandles and consumerClosed
    private var topicHandles: [String: OpaquePointer] = [:]
    private var consumerClosed = false

    /// Creates the client. `deliveryReports`/`errors` install the producer
    /// callbacks; `rebalance` installs the consumer's rebalance callback.
    init(
        kind: Kind, properties: [(String, String)], bootstrapServers: String,
        deliveryReports: Bool = false, errors: Bool = false, rebalance: Bool = false, statistics: Bool = false
    ) throws {
        let context = RDKafkaCallbackContext(bootstrapServers: bootstrapServers)
        let conf = try RDKafkaConfig.make(properties)
        context.install(on: conf, deliveryReports: deliveryReports, errors: errors, rebalance: rebalance, statistics: statistics)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)  // rd_kafka_new takes ownership of conf only on success.
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(
                .clientCreation,
                "librdkafka refused to create a Kafka \(kind == .producer ? "producer" : "consumer") for \(bootstrapServers); check the Kafka settings.",
                rdKafkaReason: reason)
        }
        self.pointer = handle
        self.kind = kind
        self.context = context
        self.bootstrapServers = bootstrapServers
        if kind == .consumer {
            // Route the main queue (errors, logs) to the consumer queue so one poll serves everything.
            rd_kafka_poll_set_consumer(handle)
        }
    }

    deinit {
        stateLock.withLock {
            for (_, topic) in topicHandles { rd_kafka_topic_destroy(topic) }
            topicHandles.removeAll()
        }
        if kind == .consumer && consumerClosed {
            rd_kafka_destroy_flags(pointer, 0x8)  // RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE: already closed.
        } else {
            rd_kafka_destroy(pointer)
        }
    }

    /// A cached topic handle for producing (librdkafka reference-counts them; we keep one per name).
    func topicHandle(_ name: String) throws -> OpaquePointer {
        try stateLock.withLock {
            if let existing = topicHandles[name] { return existing }
            guard let created = rd_kafka_topic_new(pointer, name, nil) else {
                throw KafkaError(rdKafka: rd_kafka_last_error(), "Opening topic '\(name)'", bootstrapServers: bootstrapServers)
            }
            topicHandles[name] = created
            return created
        }
    }

    /// Serves queued callbacks (delivery reports, errors, logs) for up to `timeoutMs`.
    @discardableResult
    func poll(timeoutMs: Int32) -> Int32 { rd_kafka_poll(pointer, timeoutMs) }

    /// Leaves the group (revoking partitions through the rebalance callback) and stops fetching.
    func closeConsumer() throws {
        let shouldClose = stateLock.withLock { () -> Bool in
            if consumerClosed { return false }
            consumerClosed = true
            return true
        }
        guard shouldClose else { return }
        let err = rd_kafka_consumer_close(pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Closing the Kafka consumer", bootstrapServers: bootstrapServers)
        }
    }
}
