import Foundation
import Kafka

/// Keeps a producer within what the embedded broker holds. librdkafka's mock
/// cluster (what `energiflow broker` and an in-process Kafka run) keeps
/// about 5 MB of each partition and deletes older messages without telling
/// anyone, read or not. So while the store's consumer group is too far
/// behind on a partition the producer writes to, the producer waits for it,
/// saying why.
///
/// "Too far": the messages of a partition the group has not committed yet
/// (its Kafka offsets, which the store consumer commits after PostgreSQL
/// has), plus the producer's messages still on their way, would take more
/// than `bytesPerPartition` on the broker. Bytes per message are what this
/// producer sends on the wire (compressed; librdkafka's statistics), and the
/// uncompressed size until the first report, which errs on the safe side.
///
/// A real Kafka keeps what its retention says (days), so this is used only
/// with the embedded broker. What slips through anyway (another producer
/// filling the partition, say) the consumer still finds and reports as a gap.
public final class BrokerBacklogLimit: @unchecked Sendable {
    public struct Options: Sendable {
        /// The consumer group whose progress counts (the store's).
        public var group: String
        /// How much unstored data a partition may hold (the mock keeps ~5 MB).
        public var bytesPerPartition: Double = 3_500_000
        /// How often the broker is asked while sending.
        public var checkInterval: Duration = .milliseconds(250)
        /// A wait says why once it has lasted this long …
        public var reportAfter: Duration = .seconds(2)
        /// … and again every this long.
        public var reportInterval: Duration = .seconds(10)

        public init(group: String) {
            self.group = group
        }
    }

    /// One partition's state, as last asked.
    public struct PartitionBacklog: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        /// Messages in the partition the group has not stored yet.
        public var unstored: Int64
        /// The group's committed offset, nil when it has none.
        public var committed: Int64?
    }

    /// Where the group's progress is read: its offsets committed to Kafka
    /// (what `energiflow consume` commits after each transaction), or a
    /// function (a consumer in this process, which reads without joining).
    public enum Progress: Sendable {
        case kafkaGroup
        case reported(@Sendable ([KafkaTopicPartition]) -> [KafkaTopicPartition: Int64])
    }

    private let producer: KafkaProducer
    private let reader: KafkaConsumer
    private let progress: Progress
    private let options: Options
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var partitions: [String: [KafkaTopicPartition]] = [:]
    private var lastCheck = ContinuousClock.now - .seconds(1)
    private var rawBytes = 0.0
    private var rawMessages = 0.0
    private var sinceCheck: Int64 = 0
    /// Messages between checks: an eighth of the allowance (a small start until known).
    private var checkEvery: Int64 = 50
    private var waits = 0
    private var waited = Duration.zero
    private var lastReport = ContinuousClock.now - .seconds(3600)

    /// `kafka` reaches the broker; `producer` is the one whose sends are limited.
    public init(kafka: KafkaConfiguration, producer: KafkaProducer, options: Options, progress: Progress = .kafkaGroup,
                log: @escaping @Sendable (String) -> Void) throws {
        self.producer = producer
        self.progress = progress
        // Never subscribes: only asks for the group's committed offsets and the watermarks.
        reader = try KafkaConsumer(configuration: kafka, groupID: options.group)
        self.options = options
        self.log = log
    }

    /// Times the producer waited, and for how long in all.
    public var waiting: (times: Int, seconds: Double) {
        lock.withLock { (waits, StoreConsumer.seconds(waited)) }
    }

    /// Call after each message sent to `topic` (`bytes`: its key and value).
    /// Returns at once, except every `checkInterval` or every eighth of a
    /// partition's allowance, when it asks the broker and waits while the
    /// group is too far behind (until `stop`).
    public func sent(topic: String, bytes: Int, stop: IngestStop) {
        let due = lock.withLock { () -> Bool in
            rawBytes += Double(bytes)
            rawMessages += 1
            sinceCheck += 1
            let now = ContinuousClock.now
            guard now - lastCheck >= options.checkInterval || sinceCheck >= checkEvery else { return false }
            lastCheck = now
            sinceCheck = 0
            return true
        }
        if due {
            waitWhileBehind(topic: topic, stop: stop)
            let allowance = messagesPerPartition
            lock.withLock { checkEvery = max(50, allowance / 8) }
        }
    }

    /// Messages a partition may hold unstored, at the bytes per message seen.
    var messagesPerPartition: Int64 {
        let measured = producer.wireBytesPerMessage
        let raw = lock.withLock { rawMessages > 0 ? rawBytes / rawMessages : 1_000 }
        let perMessage = max(1, measured ?? raw)
        return Int64(options.bytesPerPartition / perMessage)
    }

    /// The partitions of `topic` with what the group has not stored of each.
    public func backlog(topic: String) -> [PartitionBacklog] {
        let list = lock.withLock { partitions[topic] } ?? {
            let found = (try? reader.partitions(of: topic, timeout: .seconds(5))) ?? []
            if !found.isEmpty { lock.withLock { partitions[topic] = found } }
            return found
        }()
        guard !list.isEmpty else { return [] }
        let committed: [KafkaTopicPartition: Int64]
        switch progress {
        case .kafkaGroup: committed = (try? reader.committed(list, timeout: .seconds(5))) ?? [:]
        case .reported(let read): committed = read(list)
        }
        return list.compactMap { partition in
            guard let marks = try? reader.watermarks(topic: partition.topic, partition: partition.partition, timeout: .seconds(5)) else { return nil }
            let done = committed[partition].map { max($0, marks.low) } ?? marks.low
            return PartitionBacklog(topic: partition.topic, partition: partition.partition,
                                    unstored: max(0, marks.high - done), committed: committed[partition])
        }
    }

    private func waitWhileBehind(topic: String, stop: IngestStop) {
        var began: ContinuousClock.Instant?
        var lastProgress = (ContinuousClock.now, [Int32: Int64?]())
        while !stop.isStopped {
            let limit = messagesPerPartition
            let inFlight = Int64(producer.undeliveredCount)
            let backlog = backlog(topic: topic)
            guard let fullest = backlog.max(by: { $0.unstored < $1.unstored }), fullest.unstored + inFlight > limit else { break }
            let now = ContinuousClock.now
            if began == nil { began = now }
            let committed = Dictionary(backlog.map { ($0.partition, $0.committed) }, uniquingKeysWith: { a, _ in a })
            if committed != lastProgress.1 { lastProgress = (now, committed) }
            // Said once a wait has lasted a while (short ones are routine), then every reportInterval.
            let due = lock.withLock { () -> Bool in
                guard let began, now - began >= options.reportAfter, now - lastReport >= options.reportInterval else { return false }
                lastReport = now
                return true
            }
            if due {
                let stalled = now - lastProgress.0 >= .seconds(10)
                log(Self.describeWait(fullest, limit: limit, group: options.group, stalled: stalled))
            }
            _ = stop.sleep(0.1)
        }
        if let began {
            lock.withLock {
                waits += 1
                waited += ContinuousClock.now - began
            }
        }
    }

    static func describeWait(_ fullest: PartitionBacklog, limit: Int64, group: String, stalled: Bool) -> String {
        let held = "\(fullest.topic)[\(fullest.partition)] holds \(ProgressLine.number(Int(fullest.unstored))) messages group \(group) has not stored"
        let why = "the embedded broker keeps only about 5 MB per partition (about \(ProgressLine.number(Int(limit))) of these messages, leaving a margin) and deletes older messages unread"
        if stalled {
            return "ingest: waiting: \(held), and none was stored for 10 s: start `energiflow consume` (group \(group)). Ingest sends more only as they are stored: \(why)."
        }
        return "ingest: waiting for group \(group) to store: \(held); \(why)."
    }
}
