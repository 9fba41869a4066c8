import EnergiData
import Foundation
import Ingest
import Kafka
import Stages
import TestSupport

/// A private in-process Kafka (librdkafka's mock cluster) with the five
/// dataset topics, for tail tests: each test gets its own cluster, so the
/// default topic names never collide between tests running in parallel.
final class LiveKafka: @unchecked Sendable {
    let cluster: EmbeddedKafkaCluster
    let producer: KafkaProducer

    /// The demo's bundled files (DK2, 2024-08-29 … 11-06; Energinet, CC BY 4.0).
    static let demoFiles = [
        "ElspotPrices_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv",
        "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv",
    ].map { TestPaths.packageRoot.appendingPathComponent("queries/demo").appendingPathComponent($0) }

    init() throws {
        cluster = try EmbeddedKafkaCluster()
        for dataset in Dataset.allCases { try cluster.createTopic(dataset.defaultTopic, partitions: 1) }
        producer = try KafkaProducer(configuration: cluster.configuration)
    }

    var provider: FixedKafka { FixedKafka(bootstrapServers: cluster.bootstrapServers) }

    /// A context reading this cluster (no database), writing to `output`.
    func context(output: TextOutput = TextOutput(), warnings: WarningChannel = WarningChannel(),
                 now: @escaping @Sendable () -> Date = { Date() }) -> ExecutionContext {
        ExecutionContext(kafka: provider, output: output, warnings: warnings, now: now)
    }

    /// Replays recorded files into the topics as ingestion does (event-time order, as fast as possible).
    @discardableResult
    func publish(_ files: [URL]) throws -> Int {
        let publisher = RecordPublisher(producer: producer, topics: TopicMap())
        let summary = try FileReplay().run(try FileReplay.read(files), publisher: publisher, stop: IngestStop())
        try producer.flush()
        return summary.published
    }

    /// One raw message with the given producer timestamp.
    func send(_ value: String, topic: String = "elspot_topic", key: String? = nil, timestamp: Date? = nil) throws {
        try producer.send(topic: topic, key: key, value: value, timestamp: timestamp)
    }

    func flush() throws { try producer.flush() }

    /// An ElspotPrices record for hour `hour` (UTC) of 2024-10-01 in `area`.
    static func elspot(hour: Int, price: Double, area: String = "DK2") -> String {
        let day = 1 + hour / 24
        let text = String(format: "2024-10-%02dT%02d:00:00", day, hour % 24)
        return #"{"HourUTC":"\#(text)","HourDK":"\#(text)","PriceArea":"\#(area)","SpotPriceDKK":\#(price * 7.46),"SpotPriceEUR":\#(price)}"#
    }
}

/// Runs `body` on a thread of its own (executors block their thread) and waits for it.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
