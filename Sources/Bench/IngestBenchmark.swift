import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres

/// The ingest section of the benchmark: DeclarationProduction messages from
/// Kafka into PostgreSQL by the real `energiflow consume` process (validation,
/// idempotent key, offsets and daily rollup in each transaction), compared
/// with `psql \copy` of the same rows into a bare table, and with a consumer
/// that INSERTs and COMMITs every message (the original design).
struct IngestBenchmark {
    var records: Int
    var naiveRecords: Int
    var energiflow: URL
    var databaseURL: String
    var fixture: URL
    /// Most messages produced but not yet stored (embedded Kafka only).
    var lagBound: Int
    var batchSize: Int
    /// `energiflow consume --writers`; nil for its default.
    var writers: Int?

    /// Partitions of the topic in the many-partition runs.
    var manyPartitions: Int32 = 8

    func run() throws {
        let synthesizer = try DeclarationSynthesizer(file: fixture)
        let base = try PostgresConfiguration(connectionString: databaseURL, origin: "the benchmark's database URL")
        let maintenance = try PostgresConnection(base)
        BenchOutput.note("PostgreSQL: \(maintenance.endpointDescription), server \(maintenance.serverVersion)")

        let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        let cluster = brokers == nil ? try EmbeddedKafkaCluster() : nil
        let kafka = KafkaConfiguration(bootstrapServers: brokers ?? cluster?.bootstrapServers ?? "")
        if cluster != nil {
            BenchOutput.note("Kafka: librdkafka's embedded mock cluster (set KAFKA_BROKERS for a real one). It keeps only ~5 MB per")
            BenchOutput.note("partition, so messages are produced while the consumer runs, at most \(lagBound) ahead of what is stored.")
        } else {
            BenchOutput.note("Kafka: KAFKA_BROKERS=\(kafka.bootstrapServers); messages are produced while the consumer runs.")
        }
        BenchOutput.note("\(records) DeclarationProduction messages (\(synthesizer.perHour) a market hour, from the recorded file's structure) → energiflow consume")

        // The messages are made before the consumers start (and the clock with
        // it), so that making them takes no CPU from the consumer and the
        // server, and an idle consumer does not stop before the first arrives.
        let messages = MessageBuffer(count: records, synthesizer.message)
        let runs = ConsumeRun(energiflow: energiflow, base: base, kafka: kafka, embedded: cluster, messages: messages,
                              synthesizer: synthesizer, records: records, batchSize: batchSize, writers: writers,
                              lagBound: lagBound)

        // One partition, many, and many with two consumers; one partition again
        // at the end, so the many-partition figures compare with the mean of
        // two one-partition runs around them (the machine's speed drifts).
        let single = try runs.run(label: "p1", partitions: 1, consumers: 1)
        let many = try runs.run(label: "p\(manyPartitions)", partitions: manyPartitions, consumers: 1)
        let manyTwo = try runs.run(label: "p\(manyPartitions)c2", partitions: manyPartitions, consumers: 2)
        let singleAgain = try runs.run(label: "p1b", partitions: 1, consumers: 1)
        let reference = (single.rate + singleAgain.rate) / 2

        // psql \copy of the same rows into a bare table (no indexes, no constraints).
        let (copyRate, indexedCopyRate) = try copyRates(base, rows: records, synthesizer: synthesizer, topic: "bench_copy")

        // The whole `energiflow ingest --from FILE` (Kafka inside the process,
        // storing what it produces), from an API-JSON file of the same records.
        let endToEnd = try EndToEndIngest(energiflow: energiflow, base: base, synthesizer: synthesizer, records: records).run()

        // The original design: INSERT and COMMIT per message.
        let naiveScratch = try ScratchDatabase(on: base, named: "energiflow_bench_\(getpid())_naive")
        defer { naiveScratch.drop() }
        let naiveConfiguration = naiveScratch.configuration
        _ = try naiveScratch.openMigrated()
        let naiveTopic = "bench_naive_\(getpid())"
        if let cluster { try cluster.createTopic(naiveTopic) } else { try? KafkaAdmin(configuration: kafka).createTopics([naiveTopic]) }
        let naive = try NaiveConsumer(kafka: kafka, topic: naiveTopic, configuration: naiveConfiguration)
            .run(messages: (0..<naiveRecords).map { synthesizer.message(records + $0) })

        BenchOutput.figure("ingest.records", Double(records), "records")
        BenchOutput.figure("ingest.consume_seconds", single.seconds, "s", decimals: 2)
        BenchOutput.figure("ingest.consume_rate", single.rate, "records/s")
        BenchOutput.figure("ingest.consume_rate_again", singleAgain.rate, "records/s")
        BenchOutput.figure("ingest.copy_rate", copyRate, "records/s")
        BenchOutput.figure("ingest.consume_to_copy_ratio", copyRate > 0 ? single.rate / copyRate : 0, "ratio", decimals: 2)
        BenchOutput.figure("ingest.copy_indexed_rate", indexedCopyRate, "records/s")
        BenchOutput.figure("ingest.consumer_peak_rss", Double(single.peakRSS) / 1_048_576, "MB")
        BenchOutput.figure("ingest.consumer_cpu_per_record", single.consumerCPU / Double(records) * 1e6, "µs", decimals: 2)
        if let serverCPU = single.serverCPU {
            BenchOutput.figure("ingest.server_cpu_per_record", serverCPU / Double(records) * 1e6, "µs", decimals: 2)
        }
        BenchOutput.figure("ingest.producer_cpu_per_record", single.producerCPU / Double(records) * 1e6, "µs", decimals: 2)
        BenchOutput.figure("ingest.daily_rollup_rows", Double(single.days), "rows")
        BenchOutput.figure("ingest.produce_rate", Double(records) / single.produceSeconds, "records/s")
        BenchOutput.figure("ingest.producer_waiting_for_consumer", single.blocked / single.produceSeconds * 100, "%")

        let p = manyPartitions
        BenchOutput.figure("ingest.partitions\(p)_consume_rate", many.rate, "records/s")
        BenchOutput.figure("ingest.partitions\(p)_to_one_partition_ratio", reference > 0 ? many.rate / reference : 0, "ratio", decimals: 2)
        BenchOutput.figure("ingest.partitions\(p)_two_consumers_rate", manyTwo.rate, "records/s")
        BenchOutput.figure("ingest.partitions\(p)_two_consumers_to_one_partition_ratio", reference > 0 ? manyTwo.rate / reference : 0, "ratio", decimals: 2)
        BenchOutput.figure("ingest.partitions\(p)_consumer_cpu_per_record", many.consumerCPU / Double(records) * 1e6, "µs", decimals: 2)
        if let serverCPU = many.serverCPU {
            BenchOutput.figure("ingest.partitions\(p)_server_cpu_per_record", serverCPU / Double(records) * 1e6, "µs", decimals: 2)
        }
        BenchOutput.figure("ingest.partitions\(p)_two_consumers_peak_rss", Double(manyTwo.peakRSS) / 1_048_576, "MB")

        BenchOutput.figure("ingest.end_to_end_seconds", endToEnd.seconds, "s", decimals: 2)
        let copySeconds = copyRate > 0 ? Double(records) / copyRate : 0
        BenchOutput.figure("ingest.end_to_end_copy_seconds", copySeconds, "s", decimals: 2)
        BenchOutput.figure("ingest.end_to_end_to_copy_ratio", endToEnd.seconds > 0 ? copySeconds / endToEnd.seconds : 0, "ratio", decimals: 2)
        BenchOutput.figure("ingest.end_to_end_peak_rss", Double(endToEnd.peakRSS) / 1_048_576, "MB")
        BenchOutput.figure("ingest.end_to_end_cpu_per_record", endToEnd.cpuSeconds / Double(records) * 1e6, "µs", decimals: 2)
        BenchOutput.figure("ingest.end_to_end_file_mb", Double(endToEnd.fileBytes) / 1_048_576, "MB")
        BenchOutput.figure("ingest.naive_insert_commit_rate", naive, "records/s")

        BenchOutput.note("consume_rate: first message read to last batch committed, validation, natural-key dedup, offsets and rollup included;")
        BenchOutput.note("consume_rate_again: the same run after the others. partitions\(p)_*: the same messages over \(p) partitions, split as")
        BenchOutput.note("ingest splits them (a day of one area in one partition), one consumer or two in a group; ratios are against the")
        BenchOutput.note("mean of the two one-partition runs.")
        BenchOutput.note("end_to_end: wall time of `energiflow ingest --from FILE` (an API-JSON file of the same records; Kafka inside the")
        BenchOutput.note("process, which stores what it produces), against psql \\copy of the same rows into a bare table (copy_rate).")
        BenchOutput.note("producer_waiting_for_consumer near 100% means the consumer, not the producer, set the pace.")
        BenchOutput.note("cpu_per_record: user+system CPU of the consumer process and of the PostgreSQL server (all its")
        BenchOutput.note("processes) while consuming, per record; steadier than the rates when the machine is shared.")
        BenchOutput.note("producer_cpu_per_record: this benchmark's own producer and embedded Kafka, on the same cores.")
        withExtendedLifetime(cluster) {}
    }

    /// Rows per second of `psql \copy` of the consumer's rows into a table like
    /// energi_records without its indexes, and into one with them.
    private func copyRates(_ base: PostgresConfiguration, rows: Int, synthesizer: DeclarationSynthesizer,
                          topic: String) throws -> (bare: Double, indexed: Double) {
        let scratch = try ScratchDatabase(on: base, named: "energiflow_bench_\(getpid())_copy")
        defer { scratch.drop() }
        let configuration = scratch.configuration
        _ = try scratch.openMigrated()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-\(getpid()).copy")
        defer { try? FileManager.default.removeItem(at: file) }
        let columns = CopyFile.columns
        try CopyFile.write(synthesizer.message, count: rows, topic: topic, to: file)
        try psql(configuration, "CREATE TABLE bench_bare (LIKE energi_records INCLUDING DEFAULTS)")
        var start = ContinuousClock.now
        try psql(configuration, "\\copy bench_bare (\(columns)) FROM '\(file.path)'")
        let bare = Double(rows) / StoreConsumer.seconds(ContinuousClock.now - start)
        // For context: the same into a copy of energi_records with its indexes.
        try psql(configuration, "CREATE TABLE bench_indexed (LIKE energi_records INCLUDING ALL)")
        start = ContinuousClock.now
        try psql(configuration, "\\copy bench_indexed (\(columns)) FROM '\(file.path)'")
        return (bare, Double(rows) / StoreConsumer.seconds(ContinuousClock.now - start))
    }

    private func psql(_ configuration: PostgresConfiguration, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        for (key, value) in Self.libpqEnvironment(configuration) { environment[key] = value }
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("psql failed: \(command)") }
    }

    /// PG* variables for a configuration (for child processes: psql, energiflow).
    static func libpqEnvironment(_ configuration: PostgresConfiguration) -> [String: String] {
        let names = ["host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE",
                     "user": "PGUSER", "password": "PGPASSWORD", "sslmode": "PGSSLMODE"]
        var environment: [String: String] = [:]
        for (keyword, variable) in names {
            if let value = configuration[keyword] { environment[variable] = value }
        }
        return environment
    }
}
