import EnergiData
import Foundation
import Kafka
import Store

/// One run of a `StoreConsumer`: the poll loop and what it keeps between
/// polls. Each poll's events are validated and encoded into the batch being
/// filled (`BatchAssembler`), which goes to the `BatchWriter` when full or
/// old; the `IdleWatch` says when an `untilIdle` run may stop. Lives on the
/// polling thread only.
final class ConsumerRun {
    private let consumer: KafkaConsumer
    private let writer: BatchWriter
    private let validator: RecordValidator
    private let partitions: PartitionState
    private let gapDetector: GapDetector
    private let group: String
    private let log: @Sendable (String) -> Void
    private var assembler: BatchAssembler
    private var idle: IdleWatch?
    private var errors = ErrorThrottle()
    private var waker = FetchWaker()
    private var messages = 0
    private var firstMessage: ContinuousClock.Instant?
    private var gaps: [OffsetGap] = []

    static let pollBatch = 5000

    init(consumer: KafkaConsumer, writer: BatchWriter, validator: RecordValidator, partitions: PartitionState,
         gapDetector: GapDetector, options: StoreConsumer.Options, log: @escaping @Sendable (String) -> Void) {
        self.consumer = consumer
        self.writer = writer
        self.validator = validator
        self.partitions = partitions
        self.gapDetector = gapDetector
        self.group = options.group
        self.log = log
        assembler = BatchAssembler(maxMessages: options.batchMessages, maxLatency: options.batchLatency)
        idle = options.untilIdle.map { IdleWatch(idle: $0, assignmentTimeout: options.assignmentTimeout) }
    }

    /// Polls once and handles what came: messages into batches, partitions'
    /// ends, errors. Hands over batches that are full or due.
    func pollOnce() throws {
        try writer.checkFailure()
        var read = 0
        // Messages come partition by partition: a partition is marked read once a run of them.
        var lastRead: (topic: String, partition: Int32)?
        let polled: Int
        do {
            polled = try consumer.poll(max: Self.pollBatch, timeout: .milliseconds(50)) { event in
                switch event {
                case .message(let message):
                    read += 1
                    if lastRead?.partition != message.partition || lastRead?.topic != message.topic {
                        partitions.markRead(message.topicPartition)
                        lastRead = (message.topic, message.partition)
                    }
                    try handle(message)
                case .endOfPartition(let topic, let partition, let offset):
                    partitions.markEnd(KafkaTopicPartition(topic: topic, partition: partition), at: offset)
                    lastRead = nil
                case .error(let error):
                    if errors.shouldSay(error.description, at: .now) { log("consume: Kafka: \(error.description)") }
                }
            }
        } catch let error as KafkaError {
            throw IngestError(.kafka, "the Kafka consumer failed: \(error.message)", cause: error)
        }
        let now = ContinuousClock.now
        if read > 0 {
            if firstMessage == nil { firstMessage = now }
            messages += read
            idle?.messagesArrived(at: now)
        }
        if waker.due(polled: polled, asked: Self.pollBatch, at: now), let partition = partitions.notAtEnd().first {
            _ = try? consumer.watermarks(topic: partition.topic, partition: partition.partition, timeout: .milliseconds(500))
        }
        if let batch = assembler.take(at: now) { try writer.submit(batch) }
    }

    private func handle(_ message: KafkaMessageView) throws {
        let eventTime = assembler.add(message, validator: validator)
        if let gap = gapDetector.observe(topic: message.topic, partition: message.partition, offset: message.offset,
                                         eventTime: eventTime, firstOffset: { [consumer] partition in
                                             try? consumer.watermarks(topic: partition.topic, partition: partition.partition,
                                                                      timeout: .seconds(5)).low
                                         }) {
            assembler.add(gap)
            gaps.append(gap)
            log(GapDetector.describe(gap, group: group))
        }
        if assembler.isFull, let batch = assembler.takeRest() { try writer.submit(batch) }
    }

    /// With `untilIdle`: whether the run may stop now.
    func idleVerdict(mayStop: () -> Bool) -> IdleWatch.Verdict {
        guard idle != nil else { return .goOn }
        let assigned = partitions.assigned
        return idle!.verdict(at: .now, settled: assembler.isEmpty && writer.isIdle, assignedCount: assigned.count,
                             mayStop: mayStop, atEnd: { partitions.allAtEnd(assigned, consumer: consumer) })
    }

    /// Hands over what was read and waits until the writer stored it all.
    func finish() throws {
        if let batch = assembler.takeRest() { try writer.submit(batch) }
        try writer.finish()
    }

    /// What the run did so far.
    func statistics() -> ConsumerStatistics {
        let (written, lastCommit) = writer.figures
        var s = written
        s.messages = messages
        s.empty = assembler.emptyMessages
        s.rejected = assembler.rejectedMessages
        if let firstMessage, let lastCommit, lastCommit > firstMessage {
            s.activeSeconds = StoreConsumer.seconds(lastCommit - firstMessage)
            let now = ContinuousClock.now, wallNow = Date()
            s.firstMessageAt = wallNow.addingTimeInterval(-StoreConsumer.seconds(now - firstMessage))
            s.lastCommitAt = wallNow.addingTimeInterval(-StoreConsumer.seconds(now - lastCommit))
        }
        s.gaps = gaps
        return s
    }
}
