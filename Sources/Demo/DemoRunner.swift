import EnergiData
import ErrorReporting
import Foundation
import Ingest
import Kafka
import Postgres
import Services
import Shell
import Stages

/// `energiflow demo`: everything EnergiFlow does, in one process, on the
/// bundled real data (`DemoData`):
///
/// 1. PostgreSQL: the embedded cluster, database `energiflow_demo`, made anew (`DemoDatabase`).
/// 2. Kafka: an in-process cluster with the five dataset topics.
/// 3. A producer replays the files (`DemoReplay`): the first `historyDays`
///    at once, the rest at `speed` × real time.
/// 4. The store's consumer stores them as they come (`DemoStore`).
/// 5. On a terminal: the REPL, its `tail` reading the in-process Kafka and
///    its store sources the demo database, until Ctrl-D or `.quit`; then
///    everything stops. Not on a terminal: the whole replay at once, wait
///    until it is stored, run the teaching script (`teach`) and the live
///    steps (`DemoScript`), exit with the script's status (0 when all ran).
public struct DemoRunner {
    public var options: DemoOptions
    /// Results and the banner (stdout).
    public var out: @Sendable (String) -> Void
    /// Progress and problems (stderr).
    public var err: @Sendable (String) -> Void

    public init(options: DemoOptions,
                out: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
                err: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.options = options
        self.out = out
        self.err = err
    }

    /// Runs the demo; returns the exit status.
    public func run() -> ExitStatus {
        do {
            return try runDemo()
        } catch {
            let report = ErrorReport(error)
            err(report.text(prefix: "demo"))
            return report.status
        }
    }

    private func runDemo() throws -> ExitStatus {
        let data = try DemoData(directory: try DemoData.directory(environment: options.environment))
        let database = DemoDatabase(directory: options.dataDirectory, environment: options.environment)
        err("demo: starting PostgreSQL (\(database.cluster.directory.path)) and Kafka …")
        let store = try database.reset()

        let cluster: EmbeddedKafkaCluster
        let producer: KafkaProducer
        do {
            cluster = try EmbeddedKafkaCluster()
            for dataset in Dataset.allCases { try cluster.createTopic(dataset.defaultTopic, partitions: 1) }
            var configuration = cluster.configuration
            for (key, value) in RecordPublisher.producerProperties { configuration[key] = value }
            producer = try KafkaProducer(configuration: configuration)
        } catch let error as KafkaError {
            throw ServiceError(.serverFailed, "the in-process Kafka could not start: \(error.message)", cause: error)
        }
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(store.owner)
        } catch {
            throw ServiceError(.unreachable, "cannot connect to the demo database: \(error)", cause: error)
        }

        let stop = IngestStop()
        let producerDone = IngestStop()
        let speed = options.interactive ? options.speed : nil
        let cutoff = data.cutoff(afterDays: options.historyDays)
        let replay = DemoReplay(records: data.records, cutoff: cutoff, speed: speed,
                                publisher: RecordPublisher(producer: producer, topics: TopicMap()), stop: stop)
        let err = self.err
        let consumer = DemoStore(kafka: cluster.configuration, connection: connection, datasets: Dataset.allCases,
                                 untilIdle: !options.interactive, stop: stop, producerDone: producerDone,
                                 log: { err("demo: \($0)") })
        consumer.start()
        replay.start()
        defer {
            stop.stop(reason: "the demo ends")
            _ = try? replay.wait()
            _ = try? consumer.wait()
            withExtendedLifetime((cluster, producer)) {}
        }

        var launcher = ShellLauncher(environment: options.environment)
        launcher.database = LazyDatabase(store.query)
        launcher.kafka = FixedKafka(bootstrapServers: cluster.bootstrapServers)
        launcher.label = "demo"
        launcher.asksToTrust = false   // the demo runs EnergiFlow's own data and queries; ./plugins stays unused unless trusted
        let banner = DemoBanner(data: data, databaseFolder: database.cluster.directory.path, kafka: cluster.bootstrapServers,
                                cutoff: cutoff, speed: options.speed)

        if options.interactive {
            // The history is in the store before the first prompt, so the first query has eight weeks to show.
            let rows = Self.rows(of: replay.history)
            err("demo: storing the history (\(ProgressLine.number(replay.history.count)) records) …")
            for _ in 0..<1200 where consumer.statistics.stored + consumer.statistics.duplicates < rows {
                if consumer.isFinished { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            launcher.banner = banner.interactive + "\n"
            let status = launcher.runInteractive()
            stop.stop(reason: "the REPL ended")
            try? replay.wait()
            let stored = (try? consumer.wait()) ?? consumer.statistics
            err("demo: stopped; \(ProgressLine.number(stored.stored)) rows stored in \(DemoDatabase.name) this time (it stays until the next demo)")
            return status
        }

        out(banner.heading)
        out("Not on a terminal: the \(ProgressLine.number(data.records.count)) records are replayed at once and stored; then the teaching script runs.\n")
        do {
            try replay.wait()
        } catch {
            throw ServiceError(.failed, "the replay into Kafka failed: \(error)", cause: error)
        }
        producerDone.stop(reason: "replayed")
        let stored: ConsumerStatistics
        do {
            stored = try consumer.wait()
        } catch {
            throw ServiceError(.failed, "storing the replayed records failed: \(error)", cause: error)
        }
        err("demo: replayed \(ProgressLine.number(replay.published)) records into Kafka; stored \(ProgressLine.number(stored.stored)) rows (\(ProgressLine.number(stored.rejected)) rejected)")
        let taught = launcher.runSavedQuery("teach", assignments: [])
        guard taught == .success else { return taught }
        let status = launcher.runCommand(DemoScript.live, assignments: [])
        out("\n" + DemoData.attribution)
        return status
    }

    /// The rows the store will hold for `records` (a wide record gives one per production value).
    static func rows(of records: ArraySlice<EnergiRecord>) -> Int {
        let validator = RecordValidator()
        return records.reduce(0) { total, record in
            total + (validator.validate(record.messageValue, dataset: record.dataset).observations?.count ?? 0)
        }
    }
}
