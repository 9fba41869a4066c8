import ArgumentParser
import Basics
import EnergiData
import Foundation
import Ingest
import Kafka
import Services

/// `energiflow consume`: Kafka → validation → PostgreSQL, exactly once.
struct ConsumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Store the dataset topics in PostgreSQL: validated, exactly once, with the daily rollup.",
        discussion: """
            Reads the topics as consumer group --group, validates every
            message, and stores each batch in one transaction together with
            the partition offsets it covers and the daily rollup of the days it
            touched. A restarted consumer resumes from the offsets stored in
            PostgreSQL, so killing it at any moment loses nothing and doubles
            nothing. Invalid messages go to energi_rejects with their reason.

            Runs until Ctrl-C or SIGTERM (then stores what it has read and
            exits 0), or with --until-idle until every partition is read to its
            end. If PostgreSQL goes away it waits and reconnects.

            A partition whose messages the broker deleted before this group
            stored them (retention, or the embedded broker's few MB per
            partition) is a gap: it is reported on stderr with its offsets,
            event times and the `energiflow ingest` command that refills it
            from the API, recorded in energi_gaps (`energiflow status` lists
            them), and the exit code is 4.

            Exit codes: 0 done, 1 failure, 2 bad command line, 3 Kafka or
            PostgreSQL unreachable, 4 done but messages were lost before they
            were stored (a gap).
            """
    )

    @OptionGroup var datasets: DatasetOptions
    @OptionGroup var topics: TopicOptions

    @Option(help: "The Kafka consumer group.")
    var group: String = StoreConsumer.Options.defaultGroup

    @Flag(help: "Stop once every partition is read to its end and nothing new arrived for --idle seconds.")
    var untilIdle = false

    @Option(help: ArgumentHelp("Seconds of quiet that count as idle with --until-idle.", valueName: "seconds"))
    var idle: Double = 2

    @Option(help: ArgumentHelp("Messages (or rows, whichever comes first) per database transaction.", valueName: "n"))
    var batchSize: Int = 10_000

    @Option(help: ArgumentHelp("Batches written at once, each on its own PostgreSQL connection (they commit in order).", valueName: "n"))
    var writers: Int = 2

    @Option(help: ArgumentHelp("Give up when PostgreSQL stays unreachable this long (default: wait forever).", valueName: "seconds"))
    var giveUpAfter: Double?

    @Option(help: ArgumentHelp("Reject message values larger than this many bytes.", valueName: "bytes"))
    var maxMessageBytes: Int = RecordValidator.defaultMaxValueBytes

    @Option(name: .customLong("kafka-property"), help: ArgumentHelp("A librdkafka consumer setting, e.g. security.protocol=SSL; repeatable.", valueName: "key=value"))
    var kafkaProperties: [String] = []

    @Option(help: ArgumentHelp("Static group membership (Kafka 2.3+, not the embedded broker): a consumer restarted with the same id gets its partitions back at once, without a rebalance. Give each consumer of the group its own id; a stopped one keeps its partitions for the session timeout (6 s).", valueName: "id"))
    var instanceID: String?

    @Option(help: .hidden)
    var statsFile: String?

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        if let instanceID, instanceID.isEmpty || instanceID.count > 249 {
            throw ValidationError("--instance-id must be 1 to 249 characters")
        }
        guard (1...16).contains(writers) else { throw ValidationError("--writers must be between 1 and 16") }
        guard idle >= 0 else { throw ValidationError("--idle must not be negative") }
        _ = try datasets.resolved()
        try topics.check()
        _ = try parseProperties(kafkaProperties)
    }

    func run() throws {
        let chosen = try datasets.resolved()
        let map = try topics.map()
        let names = map.topics(for: chosen)
        let signals = GracefulStop(command: "consume", finishing: "storing what was read")
        defer { signals.cancel() }
        let stop = signals.stop, abort = signals.abort

        try reportingFailures(prefix: "consume") {
            let endpoint = try KafkaEndpoint(target: .resolve(), topics: names, partitions: topics.partitions)
            if case .brokers = endpoint.target {
                IngestCommand.createTopics(names, partitions: topics.partitions, on: endpoint.configuration, command: "consume")
            }
            if endpoint.embedded != nil {
                Console.error("consume: note: \(endpoint.target.reason); it is empty unless something produces to \(endpoint.bootstrapServers). Run `energiflow broker` to share one Kafka between commands.")
            }
            let connection = try DatabaseConnector().connect()
            var properties = ConsumeCommand.kafkaProperties(maxMessageBytes: maxMessageBytes)
            switch endpoint.target {
            case .sharedBroker, .inProcess: properties.merge(StoreConsumer.embeddedBrokerProperties) { _, new in new }
            case .brokers: break
            }
            if let instanceID { properties["group.instance.id"] = instanceID }
            let options = StoreConsumer.Options(
                group: group, topics: map, datasets: chosen, batchMessages: batchSize, writers: writers,
                untilIdle: untilIdle ? .milliseconds(Int(idle * 1000)) : nil,
                giveUpAfter: giveUpAfter, maxValueBytes: maxMessageBytes,
                kafkaProperties: properties.merging(try parseProperties(kafkaProperties)) { _, given in given })
            let consumer = StoreConsumer(kafka: endpoint.configuration, connection: connection, options: options) { Console.error($0) }
            Console.error("consume: group \(group) reading \(names.joined(separator: ", ")) at \(endpoint.bootstrapServers) into \(connection.endpointDescription)")
            let progress = ProgressLine(label: "consume")
            let (statistics, ending) = try consumer.run(stop: stop, abort: abort, progress: { s in
                progress.update(s.stored, extra: s.rejected > 0 ? "\(ProgressLine.number(s.rejected)) rejected" : nil)
            })
            progress.finish()
            Console.out(ConsumeCommand.summary(statistics, ending: ending))
            if let statsFile { try ConsumeCommand.writeStats(statistics, ending: ending, to: statsFile) }
            withExtendedLifetime(endpoint) {}
            if !statistics.gaps.isEmpty { throw ExitCode(.dataLost) }
        }
    }

    /// Consumer settings that let a message as large as the validator's
    /// limit (or larger, to reject it) through librdkafka.
    static func kafkaProperties(maxMessageBytes: Int) -> [String: String] {
        // librdkafka fetches messages up to ~100 MB by default (receive.message.max.bytes),
        // so values beyond the limit still arrive and become rejects. Only a larger limit needs more.
        guard maxMessageBytes > 10_000_000 else { return [:] }
        let receive = maxMessageBytes * 4 + 1_000_000
        return ["receive.message.max.bytes": String(receive), "fetch.max.bytes": String(maxMessageBytes * 4)]
    }

    static func summary(_ s: ConsumerStatistics, ending: StoreConsumer.Ending) -> String {
        let why: String
        switch ending {
        case .caughtUp: why = "caught up"
        case .stopped: why = "stopped"
        case .nothingAssigned: why = "no partition was assigned (do the topics exist?)"
        }
        var text = "consume: \(why): \(ProgressLine.number(s.messages)) messages read, \(ProgressLine.number(s.stored)) rows stored, "
            + "\(ProgressLine.number(s.duplicates)) already stored, \(ProgressLine.number(s.rejected)) rejected"
        if s.empty > 0 { text += ", \(ProgressLine.number(s.empty)) without production values" }
        text += " in \(ProgressLine.number(s.batches)) transactions"
        if s.activeSeconds > 0 {
            text += String(format: "; %.1f s, %@ messages/s", s.activeSeconds, ProgressLine.number(Int(s.messagesPerSecond)))
            let rows = Double(s.stored + s.duplicates) / s.activeSeconds
            if abs(rows - s.messagesPerSecond) > 1 { text += " (\(ProgressLine.number(Int(rows))) rows/s)" }
        }
        if s.reconnects > 0 { text += "; reconnected to PostgreSQL \(s.reconnects) times" }
        if !s.gaps.isEmpty {
            text += "; DATA LOST: \(ProgressLine.number(Int(s.missingMessages))) messages in \(s.gaps.count) gap\(s.gaps.count == 1 ? "" : "s") were deleted by the broker before they were stored (see above, or `energiflow status`)"
        }
        if let peak = s.peakMemoryBytes { text += "; peak memory \(MemoryUsage.describe(peak))" }
        return text
    }

    /// Machine-readable figures for scripts/bench.
    static func writeStats(_ s: ConsumerStatistics, ending: StoreConsumer.Ending, to path: String) throws {
        func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        func seconds(_ value: Double) -> JSONValue { JSONNumber(value).map(JSONValue.number) ?? .null }
        let object: JSONValue = .object([
            JSONMember("messages", int(s.messages)), JSONMember("stored", int(s.stored)),
            JSONMember("duplicates", int(s.duplicates)), JSONMember("rejected", int(s.rejected)),
            JSONMember("batches", int(s.batches)), JSONMember("reconnects", int(s.reconnects)),
            JSONMember("active_seconds", seconds(s.activeSeconds)),
            JSONMember("peak_memory_bytes", int(s.peakMemoryBytes ?? 0)), JSONMember("ending", .string(ending.rawValue)),
            JSONMember("gaps", int(s.gaps.count)), JSONMember("missing_messages", int(Int(s.missingMessages))),
            JSONMember("first_message_at", seconds(s.firstMessageAt?.timeIntervalSince1970 ?? 0)),
            JSONMember("last_commit_at", seconds(s.lastCommitAt?.timeIntervalSince1970 ?? 0)),
        ])
        try Data(object.compactBytes).write(to: URL(fileURLWithPath: path))
    }
}

/// `key=value` librdkafka settings from the command line.
func parseProperties(_ items: [String]) throws -> [String: String] {
    var result: [String: String] = [:]
    for item in items {
        guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
            throw ValidationError("--kafka-property \(item) is not key=value")
        }
        result[String(item[..<equals])] = String(item[item.index(after: equals)...])
    }
    return result
}
