import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Store

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

    func run() throws {
        let synthesizer = try DeclarationSynthesizer(file: fixture)
        let base = try PostgresConfiguration(connectionString: databaseURL, origin: "the benchmark's database URL")
        let maintenance = try PostgresConnection(base)
        let name = "energiflow_bench_\(getpid())"
        try maintenance.executeScript("DROP DATABASE IF EXISTS \(name)")
        try maintenance.executeScript("CREATE DATABASE \(name)")
        let keep = ProcessInfo.processInfo.environment["ENERGIFLOW_BENCH_KEEP"] == "1"
        defer { if !keep { _ = try? maintenance.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }
        let configuration = base.database(name)
        let connection = try PostgresConnection(configuration)
        try Migrator.migrate(connection)

        let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        let cluster = brokers == nil ? try EmbeddedKafkaCluster() : nil
        let kafka = KafkaConfiguration(bootstrapServers: brokers ?? cluster?.bootstrapServers ?? "")
        let topic = "bench_declaration_\(getpid())"
        let naiveTopic = "bench_naive_\(getpid())"
        if let cluster {
            try cluster.createTopic(topic)
            try cluster.createTopic(naiveTopic)
            BenchOutput.note("Kafka: librdkafka's embedded mock cluster (set KAFKA_BROKERS for a real one). It keeps only ~5 MB per")
            BenchOutput.note("partition, so messages are produced while the consumer runs, at most \(lagBound) ahead of what is stored.")
        } else {
            try? KafkaAdmin(configuration: kafka).createTopics([topic, naiveTopic])
            BenchOutput.note("Kafka: KAFKA_BROKERS=\(kafka.bootstrapServers); messages are produced while the consumer runs.")
        }
        BenchOutput.note("PostgreSQL: \(connection.endpointDescription), server \(connection.serverVersion)")
        BenchOutput.note("\(records) DeclarationProduction messages (\(synthesizer.perHour) a market hour, from the recorded file's structure) → energiflow consume")

        // The messages are made before the consumer starts (and the clock with
        // it), so that making them takes no CPU from the consumer and the
        // server, and an idle consumer does not stop before the first arrives.
        let messages = MessageBuffer(count: records, synthesizer.message)

        // The consumer: the real binary, in its own process (its memory is its own).
        let statsFile = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: statsFile) }
        let consumer = Process()
        consumer.executableURL = energiflow
        consumer.arguments = ["consume", "--dataset", "declaration", "--declaration-topic", topic, "--group", "bench",
                              "--until-idle", "--idle", "5", "--batch-size", String(batchSize), "--stats-file", statsFile.path]
            + (writers.map { ["--writers", String($0)] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        for (key, value) in Self.libpqEnvironment(configuration) { environment[key] = value }
        environment["KAFKA_BROKERS"] = kafka.bootstrapServers
        consumer.environment = environment
        consumer.standardOutput = FileHandle.standardError
        let serverCPUBefore = CPUTime.postgresServer(connection)
        let childrenCPUBefore = CPUTime.waitedChildren()
        try consumer.run()

        // Produce, keeping the lag bounded.
        var producerConfiguration = kafka
        producerConfiguration["linger.ms"] = "50"
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let produceStart = ContinuousClock.now
        let ownCPUBefore = CPUTime.ownProcess()
        var blocked = Duration.zero
        var stored: Int64 = 0
        for index in 0..<records {
            if cluster != nil, index - Int(stored) >= lagBound {
                let waitStart = ContinuousClock.now
                while index - Int(stored) >= lagBound {
                    Thread.sleep(forTimeInterval: 0.02)
                    stored = try Self.storedOffset(connection)
                    guard consumer.isRunning else { throw BenchError("energiflow consume exited early (status \(consumer.terminationStatus))") }
                }
                blocked += ContinuousClock.now - waitStart
            }
            try messages.withMessage(index) { key, value in
                try producer.send(topic: topic, keyBytes: key, valueBytes: value)
            }
        }
        try producer.flush(timeout: .seconds(600))
        let produceSeconds = StoreConsumer.seconds(ContinuousClock.now - produceStart)
        let producerCPU = CPUTime.ownProcess() - ownCPUBefore
        guard producer.failedCount == 0 else { throw BenchError("\(producer.failedCount) messages were not delivered") }

        consumer.waitUntilExit()
        guard consumer.terminationStatus == 0 else { throw BenchError("energiflow consume failed (status \(consumer.terminationStatus))") }
        let consumerCPU = CPUTime.waitedChildren() - childrenCPUBefore
        let serverCPU = CPUTime.postgresServer(connection).flatMap { after in serverCPUBefore.map { after - $0 } }
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: statsFile)) as? [String: Any] ?? [:]
        let seconds = stats["active_seconds"] as? Double ?? 0
        let peak = stats["peak_memory_bytes"] as? Int ?? 0
        let rows = try connection.query("SELECT count(*), count(DISTINCT natural_key) FROM energi_records").first
        let count = Int(rows?[0].int ?? 0)
        guard count == records, rows?[1].int == Int64(records) else {
            throw BenchError("the store holds \(count) rows (\(rows?[1].int ?? 0) distinct keys), not \(records)")
        }
        let days = try connection.query("SELECT count(*) FROM energi_daily").scalar?.int ?? 0
        let rate = seconds > 0 ? Double(records) / seconds : 0

        // psql \copy of the same rows into a bare table (no indexes, no constraints).
        let (copyRate, indexedCopyRate) = try copyRates(configuration, rows: records, synthesizer: synthesizer, topic: topic)

        // The original design: INSERT and COMMIT per message.
        let naive = try NaiveConsumer(kafka: kafka, topic: naiveTopic, configuration: configuration)
            .run(messages: (0..<naiveRecords).map { synthesizer.message(records + $0) })

        BenchOutput.figure("ingest.records", Double(records), "records")
        BenchOutput.figure("ingest.consume_seconds", seconds, "s", decimals: 2)
        BenchOutput.figure("ingest.consume_rate", rate, "records/s")
        BenchOutput.figure("ingest.copy_rate", copyRate, "records/s")
        BenchOutput.figure("ingest.consume_to_copy_ratio", copyRate > 0 ? rate / copyRate : 0, "ratio", decimals: 2)
        BenchOutput.figure("ingest.copy_indexed_rate", indexedCopyRate, "records/s")
        BenchOutput.figure("ingest.consumer_peak_rss", Double(peak) / 1_048_576, "MB")
        BenchOutput.figure("ingest.consumer_cpu_per_record", consumerCPU / Double(records) * 1e6, "µs", decimals: 2)
        if let serverCPU {
            BenchOutput.figure("ingest.server_cpu_per_record", serverCPU / Double(records) * 1e6, "µs", decimals: 2)
        }
        BenchOutput.figure("ingest.producer_cpu_per_record", producerCPU / Double(records) * 1e6, "µs", decimals: 2)
        BenchOutput.figure("ingest.daily_rollup_rows", Double(days), "rows")
        BenchOutput.figure("ingest.produce_rate", Double(records) / produceSeconds, "records/s")
        BenchOutput.figure("ingest.producer_waiting_for_consumer", StoreConsumer.seconds(blocked) / produceSeconds * 100, "%")
        BenchOutput.figure("ingest.naive_insert_commit_rate", naive, "records/s")
        BenchOutput.note("consume_rate: first message read to last batch committed, validation, natural-key dedup, offsets and rollup included.")
        BenchOutput.note("producer_waiting_for_consumer near 100% means the consumer, not the producer, set the pace.")
        BenchOutput.note("cpu_per_record: user+system CPU of the consumer process and of the PostgreSQL server (all its")
        BenchOutput.note("processes) while consuming, per record; steadier than the rates when the machine is shared.")
        BenchOutput.note("producer_cpu_per_record: this benchmark's own producer and embedded Kafka, on the same cores.")
        withExtendedLifetime(cluster) {}
    }

    /// The consumer group's stored offset (what is committed to the store).
    static func storedOffset(_ connection: PostgresConnection) throws -> Int64 {
        try connection.query("SELECT coalesce(sum(next_offset), 0)::bigint FROM energi_consumer_offsets WHERE group_id = 'bench'").scalar?.int ?? 0
    }

    /// Rows per second of `psql \copy` of the consumer's rows into a table like
    /// energi_records without its indexes, and into one with them.
    private func copyRates(_ configuration: PostgresConfiguration, rows: Int, synthesizer: DeclarationSynthesizer,
                          topic: String) throws -> (bare: Double, indexed: Double) {
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
