import EnergiData
import Foundation
import Kafka

/// Sends Energi Data Service records to Kafka: one message per record, the
/// record's compact JSON as value, its natural key as key (so one record
/// always lands in one partition and a replay is recognisable), and the
/// producer's clock as message timestamp (the live tail reads "the last ten
/// minutes" by message time). The event's own time stays in the payload's
/// `HourUTC`/`TimeUTC` field and in the key.
///
/// Thread-safe (several threads may publish at once).
public final class RecordPublisher: @unchecked Sendable {
    public let producer: KafkaProducer
    public let topics: TopicMap
    private let lock = NSLock()
    private var sentCount = 0

    public init(producer: KafkaProducer, topics: TopicMap) {
        self.producer = producer
        self.topics = topics
    }

    /// librdkafka settings for ingest producers: no message ever given up
    /// while the broker is away for a while (librdkafka retries until
    /// `message.timeout.ms`, 10 minutes here, idempotence keeps the order).
    public static let producerProperties: [String: String] = [
        "message.timeout.ms": "600000",
    ]

    /// Enqueues one record (librdkafka delivers in the background).
    public func publish(_ record: EnergiRecord) throws {
        do {
            try producer.send(topic: topics.topic(for: record.dataset), key: Array(record.messageKey.utf8),
                              value: record.messageValue, timestamp: nil)
        } catch let error as KafkaError {
            throw IngestError(.kafka, "could not hand a record to Kafka: \(error.message)", cause: error.description)
        }
        lock.withLock { sentCount += 1 }
    }

    /// Records handed to the producer so far.
    public var sent: Int { lock.withLock { sentCount } }

    /// Waits until every record is delivered or has failed, telling `progress`
    /// every `interval` how many are still on their way; gives up after
    /// `timeout`. Returns the delivery figures.
    @discardableResult
    public func flush(timeout: Duration = .seconds(660), interval: Duration = .seconds(10), stop: IngestStop? = nil,
                      progress: (Int) -> Void = { _ in }) throws -> KafkaProducer.DeliveryStatistics {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                try producer.flush(timeout: min(interval, max(.zero, deadline - ContinuousClock.now)))
                return producer.statistics
            } catch let error as KafkaError where error.code == .timedOut {
                if ContinuousClock.now >= deadline || stop?.isStopped == true {
                    throw IngestError(.kafka, error.message, cause: producer.lastError?.description)
                }
                progress(producer.undeliveredCount)
            } catch let error as KafkaError {
                throw IngestError(.kafka, "Kafka failed while delivering: \(error.message)", cause: error.description)
            }
        }
    }
}
