import Basics
import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Tabular

/// One timed run of `energiflow consume` processes (the real binary, one
/// group) over a topic of `partitions` partitions into a fresh database,
/// with the messages produced while they run — partitioned as `ingest`
/// partitions them (a dataset's area-day in one partition) and kept within
/// `lagBound` of what the group has stored (the embedded Kafka keeps only
/// ~5 MB per partition).
struct ConsumeRun {
    struct Outcome {
        /// Records per second from the first message read to the last batch committed (over all consumers).
        var rate: Double
        var seconds: Double
        var peakRSS: Int
        var consumerCPU: Double
        var serverCPU: Double?
        var producerCPU: Double
        var produceSeconds: Double
        var blocked: Double
        var days: Int
    }

    var energiflow: URL
    var base: PostgresConfiguration
    var kafka: KafkaConfiguration
    var embedded: EmbeddedKafkaCluster?
    var messages: MessageBuffer
    var synthesizer: DeclarationSynthesizer
    var records: Int
    var batchSize: Int
    var writers: Int?
    var lagBound: Int

    func run(label: String, partitions: Int32, consumers: Int) throws -> Outcome {
        let name = "energiflow_bench_\(getpid())_\(label)"
        let scratch = try ScratchDatabase(on: base, named: name)
        defer { scratch.drop() }
        let configuration = scratch.configuration
        let connection = try scratch.openMigrated()
        let topic = "bench_\(label)_\(getpid())"
        if let embedded {
            try embedded.createTopic(topic, partitions: partitions)
        } else {
            try? KafkaAdmin(configuration: kafka).createTopics([topic], partitions: partitions)
        }
        let group = "bench-\(label)"

        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        for (key, value) in IngestBenchmark.libpqEnvironment(configuration) { environment[key] = value }
        environment["KAFKA_BROKERS"] = kafka.bootstrapServers
        var statsFiles: [URL] = []
        var processes: [Process] = []
        defer { statsFiles.forEach { try? FileManager.default.removeItem(at: $0) } }
        let serverCPUBefore = CPUTime.postgresServer(connection)
        let childrenCPUBefore = CPUTime.waitedChildren()
        for index in 0..<consumers {
            let stats = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-\(getpid())-\(label)-\(index).json")
            statsFiles.append(stats)
            let consumer = Process()
            consumer.executableURL = energiflow
            consumer.arguments = ["consume", "--dataset", "declaration", "--declaration-topic", topic, "--group", group,
                                  "--until-idle", "--idle", "5", "--batch-size", String(batchSize), "--stats-file", stats.path]
                + (writers.map { ["--writers", String($0)] } ?? [])
            consumer.environment = environment
            consumer.standardOutput = FileHandle.standardError
            try consumer.run()
            processes.append(consumer)
        }

        // Produce, the way ingest partitions, keeping the lag bounded.
        var producerConfiguration = kafka
        producerConfiguration["linger.ms"] = "50"
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let produceStart = ContinuousClock.now
        let ownCPUBefore = CPUTime.ownProcess()
        var blocked = Duration.zero
        var stored: Int64 = 0
        var dayOfHour: (hour: Int64, day: String)?
        for index in 0..<records {
            if embedded != nil, index - Int(stored) >= lagBound {
                let waitStart = ContinuousClock.now
                while index - Int(stored) >= lagBound {
                    Thread.sleep(forTimeInterval: 0.02)
                    stored = try Self.storedOffset(connection, group: group)
                    guard processes.allSatisfy(\.isRunning) else { throw BenchError("energiflow consume exited early") }
                }
                blocked += ContinuousClock.now - waitStart
            }
            let place = synthesizer.placement(index)
            if dayOfHour?.hour != place.epoch {
                dayOfHour = (place.epoch, Day(containing: Date(timeIntervalSince1970: Double(place.epoch)), in: .copenhagen).description)
            }
            let partition = RecordPartitioner.partition(dataset: "DeclarationProduction", area: place.area,
                                                        day: dayOfHour?.day ?? "", of: partitions)
            try messages.withMessage(index) { key, value in
                try producer.send(topic: topic, keyBytes: key, valueBytes: value, partition: partition)
            }
        }
        try producer.flush(timeout: .seconds(600))
        let produceSeconds = StoreConsumer.seconds(ContinuousClock.now - produceStart)
        let producerCPU = CPUTime.ownProcess() - ownCPUBefore
        guard producer.failedCount == 0 else { throw BenchError("\(producer.failedCount) messages were not delivered") }

        for consumer in processes {
            consumer.waitUntilExit()
            guard consumer.terminationStatus == 0 else { throw BenchError("energiflow consume failed (status \(consumer.terminationStatus))") }
        }
        let consumerCPU = CPUTime.waitedChildren() - childrenCPUBefore
        let serverCPU = CPUTime.postgresServer(connection).flatMap { after in serverCPUBefore.map { after - $0 } }
        var first = Double.infinity, last = 0.0, peak = 0
        for file in statsFiles {
            let stats = try JSONValue.parse(Data(contentsOf: file))
            if let start = stats["first_message_at"]?.doubleValue, start > 0 { first = min(first, start) }
            if let end = stats["last_commit_at"]?.doubleValue { last = max(last, end) }
            peak = max(peak, Int(stats["peak_memory_bytes"]?.doubleValue ?? 0))
        }
        let counted = try connection.query("SELECT count(*), count(DISTINCT natural_key) FROM energi_records").first
        guard counted?[0].int == Int64(records), counted?[1].int == Int64(records) else {
            throw BenchError("\(label): the store holds \(counted?[0].int ?? 0) rows (\(counted?[1].int ?? 0) distinct keys), not \(records)")
        }
        let days = Int(try connection.query("SELECT count(*) FROM energi_daily").scalar?.int ?? 0)
        let seconds = last > first ? last - first : 0
        return Outcome(rate: seconds > 0 ? Double(records) / seconds : 0, seconds: seconds, peakRSS: peak,
                       consumerCPU: consumerCPU, serverCPU: serverCPU, producerCPU: producerCPU,
                       produceSeconds: produceSeconds, blocked: StoreConsumer.seconds(blocked), days: days)
    }

    /// The group's stored offsets, summed over its partitions.
    static func storedOffset(_ connection: PostgresConnection, group: String) throws -> Int64 {
        try connection.query("SELECT coalesce(sum(next_offset), 0)::bigint FROM energi_consumer_offsets WHERE group_id = $1",
                             [.text(group)]).scalar?.int ?? 0
    }
}
