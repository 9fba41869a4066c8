import Foundation

/// An idempotent Kafka producer with counted delivery reports.
///
/// `send` only enqueues (librdkafka batches and retries in the background);
/// delivery reports are served by a poll thread this producer owns, and
/// `flush` waits for them. Thread-safe: several threads may `send` at once.
/// `send` and `flush` block the calling thread: call them from a thread of
/// your own, not from the Swift concurrency pool, when the queue may fill.
public final class KafkaProducer: @unchecked Sendable {
    /// Delivery figures since the producer was created.
    public struct DeliveryStatistics: Sendable, Equatable {
        /// Messages the broker acknowledged.
        public var delivered: Int
        /// Messages that could not be delivered (after librdkafka's retries).
        public var failed: Int
        /// The most recent delivery failure, if any.
        public var lastError: KafkaError?
    }

    /// librdkafka settings this producer uses unless the configuration overrides them.
    public static let defaultProperties: [String: String] = [
        "linger.ms": "10",
        "batch.num.messages": "10000",
        "batch.size": "1000000",
        "queue.buffering.max.messages": "200000",
        "queue.buffering.max.kbytes": "65536",
        // zstd: ~5-20x on JSON records, fast enough for 1M messages; it also
        // stretches librdkafka's mock cluster, which keeps ~5 MB per partition.
        "compression.codec": "zstd",
    ]
    /// Settings this producer always uses: idempotence (no duplicates or
    /// reordering from librdkafka's own retries; implies acks=all).
    public static let forcedProperties: [String: String] = [
        "enable.idempotence": "true",
    ]

    public let configuration: KafkaConfiguration
    private let handle: RDKafkaHandle
    private let poller: KafkaPollThread

    /// `measuresWire`: keep track of the bytes sent on the wire (`wireBytesPerMessage`),
    /// from librdkafka's statistics, reported every second.
    public init(configuration: KafkaConfiguration, measuresWire: Bool = false) throws {
        self.configuration = configuration
        var defaults = Self.defaultProperties
        if measuresWire { defaults["statistics.interval.ms"] = "1000" }
        handle = try RDKafkaHandle(
            kind: .producer,
            properties: configuration.properties(defaults: defaults, forced: Self.forcedProperties),
            bootstrapServers: configuration.bootstrapServers,
            deliveryReports: true, errors: true, statistics: measuresWire)
        let handle = self.handle
        poller = KafkaPollThread(name: "energiflow-kafka-producer") { handle.poll(timeoutMs: 100) }
    }

    deinit {
        // Give queued messages a brief chance, then stop polling; the handle is destroyed after.
        _ = handle.flush(timeoutMs: 2000)
        poller.stop()
    }

    /// Enqueues one message. The key decides the partition (same key, same
    /// partition) unless `partition` is given. `timestamp` nil means now.
    /// When librdkafka's queue is full this waits for deliveries and retries.
    public func send(
        topic: String, key: [UInt8]?, value: [UInt8], timestamp: Date? = nil, partition: Int32? = nil
    ) throws {
        try value.withUnsafeBytes { valueBytes in
            if let key {
                try key.withUnsafeBytes { keyBytes in
                    try send(topic: topic, keyBytes: keyBytes, valueBytes: valueBytes, timestamp: timestamp, partition: partition)
                }
            } else {
                try send(topic: topic, keyBytes: nil, valueBytes: valueBytes, timestamp: timestamp, partition: partition)
            }
        }
    }

    /// Enqueues one message with a text key and value (sent as UTF-8).
    public func send(topic: String, key: String?, value: String, timestamp: Date? = nil, partition: Int32? = nil) throws {
        try send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), timestamp: timestamp, partition: partition)
    }

    /// Enqueues one message from bytes the caller holds (copied before returning).
    public func send(
        topic: String, keyBytes: UnsafeRawBufferPointer?, valueBytes: UnsafeRawBufferPointer,
        timestamp: Date? = nil, partition: Int32? = nil
    ) throws {
        if let fatal = handle.context.fatalError { throw fatal }
        let topicHandle = try handle.topicHandle(topic)
        let millis = timestamp.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
        while true {
            let result = handle.produce(
                topic: topicHandle, partition: partition, key: keyBytes, value: valueBytes, timestampMs: millis)
            if RDKafkaHandle.isSuccess(result) { return }
            guard RDKafkaHandle.isQueueFull(result) else { throw handle.produceError(result, topic: topic) }
            // Queue full: serve delivery reports here too until there is room.
            handle.poll(timeoutMs: 10)
            if let fatal = handle.fatalError { throw fatal }
        }
    }

    /// Waits until every enqueued message is delivered or failed. Throws
    /// `.timedOut` naming how many are still undelivered after `timeout`.
    /// Failed deliveries do not throw here: read `statistics`.
    public func flush(timeout: Duration = .seconds(30)) throws {
        if handle.flush(timeoutMs: timeout.kafkaMilliseconds) {
            if let fatal = handle.fatalError { throw fatal }
            return
        }
        let waiting = handle.outQueueLength
        throw KafkaError(
            .timedOut,
            "\(waiting) Kafka message(s) were still undelivered after \(timeout.kafkaDescription); check that the broker at \(configuration.bootstrapServers) is running.",
            rdKafkaName: "_TIMED_OUT")
    }

    /// Messages enqueued but not yet delivered or failed.
    public var undeliveredCount: Int { handle.outQueueLength }

    public var statistics: DeliveryStatistics {
        let counts = handle.context.deliveryCounts
        return DeliveryStatistics(delivered: counts.delivered, failed: counts.failed, lastError: counts.lastError)
    }

    public var deliveredCount: Int { statistics.delivered }
    public var failedCount: Int { statistics.failed }
    public var lastDeliveryError: KafkaError? { statistics.lastError }

    /// The most recent client-level error (broker down, …), for diagnostics.
    /// librdkafka recovers from these by itself unless it is `.fatal`.
    public var lastError: KafkaError? { handle.context.lastError }

    /// The number of partitions of `topic`; a broker that creates topics on
    /// first use creates it now. Nil when the topic does not exist.
    public func partitionCount(of topic: String, timeout: Duration = .seconds(10)) throws -> Int32? {
        try handle.partitionCount(of: topic, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Bytes on the wire per message sent so far (compressed, request framing
    /// included), once librdkafka has reported (with `measuresWire`).
    public var wireBytesPerMessage: Double? {
        guard let totals = handle.context.wireTotals, totals.messages > 0 else { return nil }
        return Double(totals.bytes) / Double(totals.messages)
    }

    /// Cluster metadata as this producer sees it.
    public func metadata(timeout: Duration = .seconds(10)) throws -> KafkaClusterMetadata {
        try handle.metadata(timeoutMs: timeout.kafkaMilliseconds)
    }
}
