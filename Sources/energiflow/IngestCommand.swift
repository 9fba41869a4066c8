import ArgumentParser
import Basics
import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Services
import Store

/// `energiflow ingest`: Energi Data Service (or a recorded file) → Kafka.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Send Energi Data Service records to Kafka: from the API, or replayed from a recorded file.",
        discussion: """
            Each record becomes one Kafka message: the record as JSON, keyed by
            its natural key, on its dataset's topic (elspot_topic,
            dayahead_topic, declaration_topic, balance_topic, settlement_topic).

            Examples:
              energiflow ingest --from prices.csv
              energiflow ingest --from prices.csv --speed 3600
              energiflow ingest --dataset elspot --start 2024-01-01 --end 2024-02-01
              energiflow ingest --dataset dayahead --follow

            --speed 3600 replays one market hour a second. --start/--end are
            the API's: Danish local time, start inclusive, end exclusive.
            --follow resumes from the newest event time already stored. Rate
            limits are honoured (HTTP 429 waits for Retry-After); server errors
            and timeouts are retried with backoff.

            With no KAFKA_BROKERS and no `energiflow broker` running, Kafka runs
            inside this command, where no other process can read it: ingest
            then also stores what it produces, as `energiflow consume` would.

            All records of one dataset, area and Danish day go to one partition.
            Into the embedded broker (`energiflow broker`, or Kafka inside this
            command), which keeps only a few MB per partition, ingest waits
            while the store's consumer group (--group) is too far behind, and
            says so, instead of having the broker delete unread messages.

            Exit codes: 0 done, 1 failure (API, file, undelivered messages),
            2 bad command line, 3 Kafka or PostgreSQL unreachable, 4 stored,
            but messages were lost before they were stored (a gap).
            """
    )

    @OptionGroup var datasets: DatasetOptions
    @OptionGroup var topics: TopicOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Replay a recorded file (API JSON or CSV export); repeatable.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("With --from: replay in event-time order at this many times real time (3600 = an hour a second).", valueName: "x"))
    var speed: Double?

    @Option(help: ArgumentHelp("First day or time to fetch from the API (inclusive), e.g. 2024-01-01 or 2024-01-01T06:00.", valueName: "time"))
    var start: String?

    @Option(help: ArgumentHelp("Day or time to stop before (exclusive).", valueName: "time"))
    var end: String?

    @Flag(help: "Keep polling the API for new records until Ctrl-C, resuming from the newest stored time.")
    var follow = false

    @Option(help: ArgumentHelp("Seconds between polls with --follow.", valueName: "seconds"))
    var pollInterval: Double = 300

    @Option(name: .customLong("api-url"), help: ArgumentHelp("The Energi Data Service API.", valueName: "url"))
    var apiURL: String = APIRequestOptions.defaultBaseURL

    @Option(help: ArgumentHelp("Only these price areas from the API, e.g. DK1,DK2.", valueName: "areas"))
    var area: [String] = []

    @Option(help: ArgumentHelp("Records per API request.", valueName: "n"))
    var pageSize: Int = 10_000

    @Option(help: ArgumentHelp("Retries of a failed API request (5xx, timeout, broken answer).", valueName: "n"))
    var maxRetries: Int = 5

    @Option(help: .hidden)
    var retryDelay: Double = 1

    @Option(help: .hidden)
    var stallTimeout: Double = 30

    @Option(name: .customLong("kafka-property"), help: ArgumentHelp("A librdkafka producer setting, e.g. security.protocol=SSL; repeatable.", valueName: "key=value"))
    var kafkaProperties: [String] = []

    @Option(help: "The store's consumer group: on the embedded broker, ingest waits while it is too far behind (the broker keeps only a few MB per partition); with Kafka inside this command, its own store uses it.")
    var group: String = StoreConsumer.Options.defaultGroup

    func validate() throws {
        _ = try datasets.resolved()
        try topics.check()
        _ = try parseProperties(kafkaProperties)
        if !files.isEmpty {
            if start != nil || end != nil || follow {
                throw ValidationError("--from replays a file; --start, --end and --follow read the API. Use one or the other.")
            }
            if datasets.dataset.flatMap({ $0.split(separator: ",") }).count > 1 {
                throw ValidationError("with --from, name at most one --dataset (or none: it is recognised from the file)")
            }
        } else {
            if speed != nil { throw ValidationError("--speed paces a replay; use it with --from FILE") }
            if start == nil && !follow {
                throw ValidationError("say what to ingest: --from FILE, --start DAY [--end DAY] from the API, or --follow")
            }
        }
        if let speed, !(speed > 0) { throw ValidationError("--speed must be a positive number, e.g. 3600") }
        for (name, value) in [("--start", start), ("--end", end)] {
            if let value, !Self.isAPITime(value) {
                throw ValidationError("\(name) \(value) is not a day or time; write e.g. 2024-01-01 or 2024-01-01T06:00")
            }
        }
        guard pageSize > 0 else { throw ValidationError("--page-size must be at least 1") }
        guard maxRetries >= 0 else { throw ValidationError("--max-retries must not be negative") }
        guard pollInterval > 0 else { throw ValidationError("--poll-interval must be positive") }
    }

    func run() throws {
        let signals = GracefulStop(command: "ingest", finishing: "delivering what was sent")
        defer { signals.cancel() }
        try reportingFailures(prefix: "ingest") { try ingest(stop: signals.stop, abort: signals.abort) }
    }

    private func ingest(stop: IngestStop, abort: IngestStop) throws {
        let map = try topics.map()
        // Replays: read the files first (their datasets pick the topics).
        let sources = try files.isEmpty ? [] : FileReplay.read(files.map { URL(fileURLWithPath: $0) },
                                                               dataset: try datasets.resolved(default: []).first)
        let chosen = files.isEmpty ? try datasets.resolved() : Array(Set(sources.map(\.dataset))).sorted { $0.rawValue < $1.rawValue }
        let names = map.topics(for: chosen)

        let endpoint = try KafkaEndpoint(target: .resolve(), topics: names, partitions: topics.partitions)
        if case .brokers = endpoint.target { Self.createTopics(names, partitions: topics.partitions, on: endpoint.configuration) }
        let inProcess = endpoint.embedded != nil
        // The embedded broker (shared or in this process) keeps only a few MB per partition.
        let limited: Bool
        switch endpoint.target {
        case .brokers: limited = false
        case .sharedBroker, .inProcess: limited = true
        }
        let connection = inProcess || follow ? try DatabaseConnector().connect() : nil

        // Kafka inside this process: nobody else can read it, so store here too.
        let store: InProcessStore?
        if inProcess, let connection {
            Console.error("ingest: Kafka runs inside this process (KAFKA_BROKERS is not set and no `energiflow broker` runs), where nothing else can read it, so ingest stores what it produces too; run `energiflow broker` to share Kafka with `energiflow consume`")
            // Idle for 0.1 s suffices: it stops only once the producer is done and every partition is read to its end.
            var options = StoreConsumer.Options(group: group, topics: map, datasets: chosen, untilIdle: .milliseconds(100))
            options.readsAllPartitions = true  // nobody else can reach this Kafka: no group to join
            store = InProcessStore(kafka: endpoint.configuration, connection: connection, options: options, abort: abort)
        } else {
            store = nil
        }

        var configuration = endpoint.configuration
        for (key, value) in RecordPublisher.producerProperties { configuration[key] = value }
        for (key, value) in try parseProperties(kafkaProperties) { configuration[key] = value }
        let producer: KafkaProducer
        let progress = ProgressLine(label: "ingest")
        let backlogLimit: BrokerBacklogLimit?
        do {
            producer = try KafkaProducer(configuration: configuration, measuresWire: limited)
            backlogLimit = limited
                ? try BrokerBacklogLimit(kafka: endpoint.configuration, producer: producer, options: .init(group: group),
                                         progress: store?.progress ?? .kafkaGroup) { line in
                    progress.finish()
                    Console.error(line)
                }
                : nil
        } catch let error as KafkaError {
            throw IngestError(.kafka, "cannot create the Kafka producer for \(endpoint.bootstrapServers): \(error.message)")
        }
        let publisher = RecordPublisher(producer: producer, topics: map, backlogLimit: backlogLimit, stop: stop)
        let started = ContinuousClock.now
        var failures: [String] = []

        if files.isEmpty {
            let client = EnergiDataServiceClient(
                options: APIRequestOptions(
                    baseURL: apiURL, pageSize: pageSize,
                    retry: RetryPolicy(maxAttempts: maxRetries + 1, baseDelay: retryDelay, maxDelay: max(30, retryDelay)),
                    stallTimeout: stallTimeout, areas: area.flatMap { $0.split(separator: ",").map(String.init) }),
                stop: stop, log: { line in progress.finish(); Console.error(line) })
            let live = LiveIngest(
                options: .init(datasets: chosen, start: start, end: end, follow: follow, pollInterval: pollInterval),
                client: client, publisher: publisher,
                newestStored: { dataset in
                    guard let connection else { return nil }
                    return try StoredOffsets.newestEventTime(dataset: dataset.apiName, connection)
                },
                stop: stop, log: { line in progress.finish(); Console.error(line) })
            if follow { Console.error("ingest: following \(chosen.map(\.apiName).joined(separator: ", ")) at \(apiURL) every \(Int(pollInterval)) s; Ctrl-C stops") }
            let summary = try live.run { published in progress.update(published) }
            progress.finish()
            failures = summary.failures
            Console.out("ingest: read \(ProgressLine.number(summary.records)) records of \(chosen.map(\.apiName).joined(separator: ", ")) from \(apiURL) in \(ProgressLine.number(summary.pages)) requests"
                + (summary.unreadable > 0 ? " (\(ProgressLine.number(summary.unreadable)) unreadable, skipped)" : ""))
        } else {
            if let speed { Console.error("ingest: replaying in event-time order at \(speed.formatted())× real time; Ctrl-C stops") }
            let summary = try FileReplay(speed: speed).run(sources, publisher: publisher, stop: stop) { published in
                progress.update(published)
            }
            progress.finish()
            for source in sources { Console.error(Self.describe(source)) }
            failures = summary.failures
            for failure in failures { Console.error("ingest: \(failure)") }
            Console.out("ingest: read \(ProgressLine.number(summary.records)) records from \(sources.count) file\(sources.count == 1 ? "" : "s")"
                + (summary.unreadable > 0 ? " (\(ProgressLine.number(summary.unreadable)) unreadable rows skipped)" : ""))
        }

        let delivery = try publisher.flush(stop: abort) { waiting in
            Console.error("ingest: waiting for Kafka at \(endpoint.bootstrapServers) to take \(ProgressLine.number(waiting)) more messages…")
        }
        let seconds = StoreConsumer.seconds(ContinuousClock.now - started)
        let rate = seconds > 0 ? Int(Double(delivery.delivered) / seconds) : 0
        Console.out("ingest: delivered \(ProgressLine.number(delivery.delivered)) messages to \(names.joined(separator: ", ")) at \(endpoint.bootstrapServers) in \(String(format: "%.1f", seconds)) s (\(ProgressLine.number(rate)) records/s)"
            + (delivery.failed > 0 ? "; \(ProgressLine.number(delivery.failed)) FAILED: \(delivery.lastError?.message ?? "unknown error")" : ""))

        if let backlogLimit, backlogLimit.waiting.times > 0 {
            Console.out("ingest: waited \(backlogLimit.waiting.times) time\(backlogLimit.waiting.times == 1 ? "" : "s"), \(String(format: "%.1f", backlogLimit.waiting.seconds)) s in all, for group \(group) to store what the embedded broker held")
        }
        var lost = false
        if let store {
            let (statistics, ending) = try store.finish()
            Console.out(ConsumeCommand.summary(statistics, ending: ending).replacingOccurrences(of: "consume: ", with: "store: "))
            lost = !statistics.gaps.isEmpty
        }
        withExtendedLifetime(endpoint) {}
        if delivery.failed > 0 || !failures.isEmpty { throw ExitCode(.error) }
        if lost { throw ExitCode(.dataLost) }
        if stop.isStopped, !follow { throw ExitCode(.interrupted) }
    }

    /// What was read from one file: records, form and order, rejects, disorder.
    static func describe(_ source: FileReplay.Source) -> String {
        let stream = source.stream
        let name = source.url.path.hasPrefix("/dev/") ? source.url.path : source.url.lastPathComponent
        var text = "ingest: \(name): \(ProgressLine.number(stream.recordCount)) \(stream.dataset.apiName) records"
        if let order = stream.order { text += " (\(order.rawValue))" }
        if let first = stream.firstRejects.first {
            text += ", \(ProgressLine.number(stream.rejectCount)) unreadable rows skipped (first: \(first))"
        }
        if stream.outOfOrderCount > 0, let line = stream.firstOutOfOrderLine {
            text += "; \(ProgressLine.number(stream.outOfOrderCount)) records were further out of event-time order than ingest reorders (first on line \(line)) and were sent where the file has them"
        }
        return text
    }

    /// Real Kafka may not create topics on first use; ask for them. (A day of
    /// one dataset and area travels in one partition, in the order sent.)
    static func createTopics(_ names: [String], partitions: Int32, on configuration: KafkaConfiguration, command: String = "ingest") {
        do {
            try KafkaAdmin(configuration: configuration).createTopics(names, partitions: partitions)
        } catch {
            Console.error("\(command): note: could not create the topics (\(error)); relying on the broker to create them")
        }
    }

    /// `2024-01-01`, or a date and time `2024-01-01T06:00` (seconds allowed).
    static func isAPITime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.count == 10 { return Timestamp.parse(text + "T00:00") != nil }
        return bytes.count > 10 && Timestamp.parse(text) != nil
    }
}

/// The consumer that stores what an in-process Kafka receives, on a thread
/// of its own; `finish` waits until it stored everything the producer sent.
/// (The producer keeps within what the in-process broker holds by waiting
/// for this consumer's group: `BrokerBacklogLimit`.)
final class InProcessStore: @unchecked Sendable {
    private let producerDone = IngestStop()
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<(ConsumerStatistics, StoreConsumer.Ending), Error>?

    private let consumer: StoreConsumer

    init(kafka: KafkaConfiguration, connection: PostgresConnection, options: StoreConsumer.Options, abort: IngestStop) {
        let consumer = StoreConsumer(kafka: kafka, connection: connection, options: options) { Console.error($0) }
        self.consumer = consumer
        let producerDone = self.producerDone
        let thread = Thread { [self] in
            let outcome = Result {
                try consumer.run(stop: abort, abort: abort, mayStopWhenIdle: { producerDone.isStopped })
            }
            lock.withLock { result = outcome }
            done.signal()
        }
        thread.name = "energiflow-in-process-store"
        thread.start()
    }

    /// How far the store has read each partition: what the producer may
    /// count as safe from the in-process broker's trimming (a message read is
    /// in this process's memory; it and the broker live and die together).
    var progress: BrokerBacklogLimit.Progress {
        .reported { [consumer] partitions in
            consumer.readPositions().filter { partitions.contains($0.key) }
        }
    }

    func finish() throws -> (ConsumerStatistics, StoreConsumer.Ending) {
        producerDone.stop()
        done.wait()
        return try lock.withLock { result }?.get() ?? (ConsumerStatistics(), .stopped)
    }
}

/// `--dataset` as ingest and consume take it.
struct DatasetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Datasets by API or short name (elspot, dayahead, declaration, balance, settlement); repeatable or comma-separated. Default: all.", valueName: "name"))
    var dataset: [String] = []

    /// The datasets named, in order; `default` when none are.
    func resolved(default fallback: [Dataset] = Dataset.allCases) throws -> [Dataset] {
        let names = dataset.flatMap { $0.split(separator: ",").map { String($0) } }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return fallback }
        var result: [Dataset] = []
        for name in names {
            do {
                let found = try Dataset.named(name)
                if !result.contains(found) { result.append(found) }
            } catch {
                throw ValidationError(error.message)
            }
        }
        return result
    }
}

/// Topic names: a prefix for all, or one per dataset.
struct TopicOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Put this before every default topic name.", valueName: "prefix"))
    var topicPrefix: String = ""
    @Option(help: ArgumentHelp("Topic for ElspotPrices (default elspot_topic).", valueName: "topic"))
    var elspotTopic: String?
    @Option(help: ArgumentHelp("Topic for DayAheadPrices (default dayahead_topic).", valueName: "topic"))
    var dayaheadTopic: String?
    @Option(help: ArgumentHelp("Topic for DeclarationProduction (default declaration_topic).", valueName: "topic"))
    var declarationTopic: String?
    @Option(help: ArgumentHelp("Topic for ElectricityBalanceNonv (default balance_topic).", valueName: "topic"))
    var balanceTopic: String?
    @Option(help: ArgumentHelp("Topic for ProductionConsumptionSettlement (default settlement_topic).", valueName: "topic"))
    var settlementTopic: String?
    @Option(help: ArgumentHelp("Partitions of the topics energiflow creates (one per consumer of a group at most is busy; a day of one dataset and area always travels in one partition). Topics that exist keep theirs.", valueName: "n"))
    var partitions: Int32 = TopicOptions.defaultPartitions

    /// Enough for a few consumers in a group, few enough for one consumer to read fast.
    static let defaultPartitions: Int32 = 4

    func map() throws -> TopicMap {
        var overrides: [Dataset: String] = [:]
        overrides[.elspotPrices] = elspotTopic
        overrides[.dayAheadPrices] = dayaheadTopic
        overrides[.declarationProduction] = declarationTopic
        overrides[.electricityBalanceNonv] = balanceTopic
        overrides[.productionConsumptionSettlement] = settlementTopic
        return TopicMap(prefix: topicPrefix, overrides: overrides)
    }

    func check() throws {
        if let problem = try map().problems.first { throw ValidationError(problem) }
        guard (1...1000).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 1000") }
    }
}
