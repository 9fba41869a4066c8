import EnergiData
import Foundation
import Kafka
import Postgres
import Store

/// Reads the dataset topics as a consumer group, validates every message and
/// stores the batches exactly once in PostgreSQL.
///
/// Exactly once: the next offset of every partition is saved in the same
/// transaction as the rows it covers (`energi_consumer_offsets`), and on
/// every assignment the consumer starts each partition at the offset saved
/// there (from the beginning when none is saved), whatever Kafka has
/// committed. A crash before a commit re-reads the batch; a crash after it
/// never does; a message read twice anyway (a rebalance, a replay) has a
/// natural key already stored and changes nothing.
///
/// The calling thread polls Kafka and validates; a `BatchWriter` thread
/// writes, so the two overlap. Memory stays bounded whatever the backlog:
/// librdkafka prefetches at most ~16 MB, and at most `queueDepth` batches of
/// `batchMessages` wait for the database.
public final class StoreConsumer: @unchecked Sendable {
    public struct Options: Sendable {
        public var group: String
        public var topics: TopicMap
        /// The datasets whose topics are read.
        public var datasets: [Dataset]
        /// A batch is written once it holds this many messages (or rows: a wide
        /// record gives one row per production column) …
        public var batchMessages: Int
        /// … or once its first message is this old.
        public var batchLatency: Duration
        /// Batches that may wait for a free writer while the next is read
        /// (0: the reader waits until a writer took its batch).
        public var queueDepth: Int
        /// Batches written at once, each on its own PostgreSQL connection
        /// (they insert in parallel and commit in order).
        public var writers: Int
        /// Stop once every assigned partition is read to its end and nothing
        /// new arrived for this long; nil runs until stopped.
        public var untilIdle: Duration?
        /// With `untilIdle`: stop when no partition was assigned within this long.
        public var assignmentTimeout: Duration
        /// Waits between attempts to reach an unreachable store.
        public var reconnect: RetryPolicy
        /// Give up after the store was unreachable this long; nil waits forever.
        public var giveUpAfter: TimeInterval?
        /// Larger message values are rejected.
        public var maxValueBytes: Int
        /// Extra librdkafka consumer properties.
        public var kafkaProperties: [String: String]
        /// Take every partition of the topics at once instead of joining the
        /// group: for a Kafka inside this process, which no other consumer
        /// can reach (a group join costs the embedded broker 3 s).
        public var readsAllPartitions = false

        public static let defaultGroup = "energiflow-store"

        public init(group: String = Options.defaultGroup, topics: TopicMap = TopicMap(),
                    datasets: [Dataset] = Dataset.allCases, batchMessages: Int = 10_000,
                    batchLatency: Duration = .milliseconds(500), queueDepth: Int = 0, writers: Int = 2,
                    untilIdle: Duration? = nil, assignmentTimeout: Duration = .seconds(60),
                    reconnect: RetryPolicy = RetryPolicy(maxAttempts: .max, baseDelay: 0.5, maxDelay: 10),
                    giveUpAfter: TimeInterval? = nil, maxValueBytes: Int = RecordValidator.defaultMaxValueBytes,
                    kafkaProperties: [String: String] = [:]) {
            self.group = group
            self.topics = topics
            self.datasets = datasets
            self.batchMessages = max(1, batchMessages)
            self.batchLatency = batchLatency
            self.queueDepth = max(0, queueDepth)
            self.writers = max(1, writers)
            self.untilIdle = untilIdle
            self.assignmentTimeout = assignmentTimeout
            self.reconnect = reconnect
            self.giveUpAfter = giveUpAfter
            self.maxValueBytes = maxValueBytes
            self.kafkaProperties = kafkaProperties
        }
    }

    /// Why `run` returned.
    public enum Ending: String, Sendable {
        /// `untilIdle`: everything was read and stored.
        case caughtUp
        /// The stop token was set (SIGINT, SIGTERM, the producer finished).
        case stopped
        /// `untilIdle`: no partition was ever assigned.
        case nothingAssigned
    }

    public let kafka: KafkaConfiguration
    public let connection: PostgresConnection
    public let options: Options
    private let log: @Sendable (String) -> Void

    public init(kafka: KafkaConfiguration, connection: PostgresConnection, options: Options = Options(),
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.kafka = kafka
        self.connection = connection
        self.options = options
        self.log = log
    }

    /// librdkafka settings for the store consumer (`Options.kafkaProperties` override them).
    /// librdkafka bounds its prefetch queue by decompressed size, and zstd
    /// shrinks these JSON records ~10-20×: a 4 MB queue and fetches of at most
    /// 256 KB compressed per partition keep memory flat whatever the backlog.
    /// (A full queue stops fetching until librdkafka's broker thread wakes —
    /// up to a second in 2.0 — so `run` wakes it once it emptied the queue.)
    /// Fetch errors (a broker restarting) are retried after 20 ms, not 500.
    public static let kafkaDefaults: [String: String] = [
        "queued.max.messages.kbytes": "4096",
        "max.partition.fetch.bytes": "262144",
        "fetch.error.backoff.ms": "20",
    ]

    /// Group settings for the embedded broker (librdkafka's mock cluster): a
    /// member that stops heartbeating is dropped after 3.5 s instead of 6, so
    /// a consumer restarted after a crash gets its partitions back sooner.
    /// Not lower: the mock answers a first JoinGroup only after 3 s, and a
    /// member whose session ends while it waits is never answered. (The mock
    /// keeps no static membership; on real Kafka `--instance-id` makes a
    /// restart immediate, and brokers refuse sessions under 6 s by default.)
    public static let embeddedBrokerProperties: [String: String] = [
        "session.timeout.ms": "3500",
        "heartbeat.interval.ms": "500",
    ]

    private let positionsLock = NSLock()
    private var positionSource: GapDetector?

    /// While `run` runs: per assigned partition, the offset of the next message
    /// it will read (read, not yet necessarily stored).
    public func readPositions() -> [KafkaTopicPartition: Int64] {
        positionsLock.withLock { positionSource }?.readPositions() ?? [:]
    }

    /// The topics read.
    public var topicNames: [String] { options.topics.topics(for: options.datasets) }

    /// Consumes until `stop` is set or, with `untilIdle`, until caught up and
    /// `mayStopWhenIdle` agrees. What was read is stored before returning.
    /// `abort` ends waiting for an unreachable store (a second Ctrl-C).
    /// `progress` is called on this thread after every poll.
    public func run(stop: IngestStop, abort: IngestStop = IngestStop(),
                    mayStopWhenIdle: @escaping @Sendable () -> Bool = { true },
                    progress: ((ConsumerStatistics) -> Void)? = nil) throws -> (ConsumerStatistics, Ending) {
        var configuration = kafka
        for (key, value) in Self.kafkaDefaults { configuration[key] = value }
        for (key, value) in options.kafkaProperties { configuration[key] = value }
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration, groupID: options.group)
        } catch let error as KafkaError {
            throw IngestError(.kafka, "cannot create the Kafka consumer for \(kafka.bootstrapServers): \(error.message)", cause: error)
        }
        let partitions = PartitionState()
        let validator = RecordValidator(maxValueBytes: options.maxValueBytes, topics: options.topics.datasetsByTopic)
        let gapDetector = GapDetector(datasets: { validator.dataset(forTopic: $0) }, log: log)
        positionsLock.withLock { positionSource = gapDetector }
        let membership = GroupMembership(configuration: connection.configuration, group: options.group)
        try ConsumerSubscription(topics: topicNames, group: options.group, readsAllPartitions: options.readsAllPartitions,
                                 kafka: kafka, connection: connection, partitions: partitions, gaps: gapDetector,
                                 membership: membership, log: log).start(consumer)
        let writer = BatchWriter(
            // Offsets go to Kafka too (for lag tools), but only a group member may commit them.
            connection: connection, consumer: options.readsAllPartitions ? nil : consumer,
            options: .init(group: options.group, queueDepth: options.queueDepth, lanes: options.writers,
                           reconnect: options.reconnect, giveUpAfter: options.giveUpAfter),
            abort: abort, log: log)
        let run = ConsumerRun(consumer: consumer, writer: writer, validator: validator, partitions: partitions,
                              gapDetector: gapDetector, options: options, log: log)
        var ending = Ending.stopped
        do {
            loop: while !stop.isStopped {
                try run.pollOnce()
                membership.touch()
                progress?(run.statistics())
                switch run.idleVerdict(mayStop: mayStopWhenIdle) {
                case .goOn: continue
                case .caughtUp: ending = .caughtUp; break loop
                case .nothingAssigned: ending = .nothingAssigned; break loop
                }
            }
            try run.finish()
        } catch {
            _ = try? writer.finish()
            try? consumer.close()
            membership.left()
            throw error
        }
        try? consumer.close()
        membership.left()
        var result = run.statistics()
        result.peakMemoryBytes = MemoryUsage.peakResidentBytes()
        return (result, ending)
    }

    /// A duration in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }
}

/// The partitions assigned to the consumer and which of them are read to
/// their end. Touched by the polling thread and librdkafka's rebalance
/// callbacks (which run inside the poll, on the same thread), under a lock.
final class PartitionState: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Set<KafkaTopicPartition>()
    private var ends: [KafkaTopicPartition: Int64] = [:]

    var assigned: Set<KafkaTopicPartition> { lock.withLock { current } }

    func assign(_ partitions: [KafkaTopicPartition]) {
        lock.withLock {
            for partition in partitions {
                current.insert(partition)
                ends[partition] = nil
            }
        }
    }

    func revoke(_ partitions: [KafkaTopicPartition]) {
        lock.withLock {
            for partition in partitions {
                current.remove(partition)
                ends[partition] = nil
            }
        }
    }

    /// Assigned partitions that have not reported their end since their last message.
    func notAtEnd() -> [KafkaTopicPartition] {
        lock.withLock { current.filter { ends[$0] == nil }.sorted() }
    }

    func markRead(_ partition: KafkaTopicPartition) {
        lock.withLock { _ = ends.removeValue(forKey: partition) }
    }

    func markEnd(_ partition: KafkaTopicPartition, at offset: Int64) {
        lock.withLock { ends[partition] = offset }
    }

    /// Every partition in `partitions` reported its end, and (asked now) no
    /// message was written after that end.
    func allAtEnd(_ partitions: Set<KafkaTopicPartition>, consumer: KafkaConsumer) -> Bool {
        let known = lock.withLock { ends }
        for partition in partitions {
            guard let end = known[partition] else { return false }
            guard let marks = try? consumer.watermarks(topic: partition.topic, partition: partition.partition,
                                                       timeout: .seconds(2)),
                  marks.high <= end else { return false }
        }
        return true
    }
}
