import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres

/// The demo's consumer, on a thread of its own: the store's `StoreConsumer`
/// (validated, exactly once, with the daily rollup) in the demo's database.
/// With `untilIdle` it ends once it has stored everything and `producerDone`
/// is set; otherwise when `stop` is.
final class DemoStore: @unchecked Sendable {
    static let group = "energiflow-demo"

    private let consumer: StoreConsumer
    private let stop: IngestStop
    private let producerDone: IngestStop
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<(ConsumerStatistics, StoreConsumer.Ending), any Error>?
    private var latest = ConsumerStatistics()

    init(kafka: KafkaConfiguration, connection: PostgresConnection, datasets: [Dataset], untilIdle: Bool,
         stop: IngestStop, producerDone: IngestStop, log: @escaping @Sendable (String) -> Void) {
        consumer = StoreConsumer(
            kafka: kafka, connection: connection,
            options: .init(group: Self.group, datasets: datasets, batchLatency: .milliseconds(200),
                           untilIdle: untilIdle ? .milliseconds(300) : nil),
            log: log)
        self.stop = stop
        self.producerDone = producerDone
    }

    /// True once the consumer ended (caught up, stopped or failed).
    var isFinished: Bool { lock.withLock { result != nil } }

    /// Figures so far (updated after every poll).
    var statistics: ConsumerStatistics { lock.withLock { latest } }

    func start() {
        let producerDone = self.producerDone
        let thread = Thread { [self] in
            let outcome = Result {
                try consumer.run(stop: stop, abort: stop, mayStopWhenIdle: { producerDone.isStopped }) { statistics in
                    self.lock.withLock { self.latest = statistics }
                }
            }
            lock.withLock { result = outcome }
            done.signal()
        }
        thread.name = "energiflow-demo-store"
        thread.start()
    }

    /// Waits for the consumer to end; its figures.
    func wait() throws -> ConsumerStatistics {
        done.wait()
        done.signal()
        guard let result = lock.withLock({ result }) else { return statistics }
        return try result.get().0
    }
}
