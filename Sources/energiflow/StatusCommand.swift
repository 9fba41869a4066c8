import ArgumentParser
import Foundation
import Ingest
import Kafka
import Services
import Store

/// `energiflow status`: the store's consumer groups at work, partition by
/// partition, and the gaps they found.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the store's consumer groups partition by partition: offsets, lag, which consumer holds each, and gaps.",
        discussion: """
            Like `kafka-consumer-groups --describe`: for every partition of the
            dataset topics, FIRST is the oldest offset the broker still keeps,
            END the offset the next message gets, STORED the next offset the
            store holds for the group (saved in the same transaction as the rows),
            LAG = END - STORED, and MEMBER the consumer holding it (host, pid,
            Kafka member id), with how long ago it was last heard of.

            Below, every gap a consumer found: messages the broker deleted before
            the group stored them, with the command that refills them from the API.

            Exit codes: 0, 3 when PostgreSQL cannot be reached (Kafka unreachable
            is reported, and the store's side still shown).
            """
    )

    @OptionGroup var datasets: DatasetOptions
    @OptionGroup var topics: TopicOptions

    @Option(help: "Only this consumer group (default: every group that stored anything).")
    var group: String?

    func validate() throws {
        _ = try datasets.resolved()
        try topics.check()
    }

    func run() throws {
        let names = try topics.map().topics(for: try datasets.resolved())
        try reportingFailures(prefix: "status") {
            let connection = try DatabaseConnector().connect()
            let kafka: KafkaConfiguration?
            var note: String?
            switch KafkaTarget.resolve() {
            case .inProcess:
                kafka = nil
                note = "no Kafka to ask (KAFKA_BROKERS is not set and no `energiflow broker` runs): offsets from the store only"
            case let target:
                kafka = try KafkaEndpoint(target: target, topics: names).configuration
            }
            let (partitions, problem) = try GroupStatus.read(kafka: kafka, topics: names, group: group, connection)
            if let problem { note = "Kafka did not answer (\(problem)): offsets from the store only" }
            Console.out(GroupStatusReport.table(partitions, now: Date()))
            if let note { Console.error("status: \(note)") }
            let gaps = try StoredGap.load(group: group, connection)
            Console.out(GroupStatusReport.gapLines(gaps))
        }
    }
}
