import EnergiData
import Foundation
import Ingest
import Kafka
import Query
import Tabular

/// `lag`: the store's consumer groups at work, one row per group and
/// partition — what `energiflow status` prints, as rows a pipeline can sort,
/// filter or chart. For teaching how a group shares partitions: run it while
/// several `energiflow consume` run, kill one, run it again.
///
/// Columns: `group`, `topic`, `partition`, `first_offset` (the oldest the
/// broker keeps), `end_offset`, `stored_offset` (the next offset the store
/// holds for the group), `lag`, `member` (host, pid and Kafka member id of
/// the consumer holding it), `seen` (when that member was last heard of).
struct LagStage: SourceStage {
    let spec = StageSpec(
        name: "lag", kind: .source,
        summary: "Consumer groups partition by partition: first, end and stored offsets, lag, and the member holding each.",
        arguments: [
            ArgumentSpec("group", .text, help: "only this consumer group (default: every group that stored anything)"),
            ArgumentSpec("topics", .list(.choice(Dataset.allCases.map(\.shortName))),
                         help: "only these datasets' topics: elspot, dayahead, declaration, balance, settlement"),
        ],
        examples: [
            "lag",
            "lag topics=elspot | where lag > 0",
            "lag group=energiflow-store | select topic, partition, lag, member",
        ],
        columns: ["group", "topic", "partition", "first_offset", "end_offset", "stored_offset", "lag", "member", "seen"])

    static let schema = Schema([
        Column("group", .text), Column("topic", .text), Column("partition", .int),
        Column("first_offset", .int), Column("end_offset", .int), Column("stored_offset", .int),
        Column("lag", .int), Column("member", .text), Column("seen", .time),
    ])

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let group = stage.text("group")
        var datasets = Dataset.allCases
        let named = stage.list("topics").compactMap(\.textValue)
        if !named.isEmpty { datasets = named.compactMap { try? Dataset.named($0) } }
        let chosen = datasets
        return .rows(RowSource(schema: Self.schema, description: "consumer group offsets: Kafka watermarks and the store's offsets") { context in
            guard let database = context.database else { throw Executor.noDatabase }
            let connection = try database.connection()
            let kafka = context.kafka
            let topics = chosen.map { kafka?.topic(for: $0) ?? $0.defaultTopic }
            let configuration = try? kafka?.configuration()
            let (partitions, _) = try GroupStatus.read(kafka: configuration, topics: topics, group: group, connection)
            let rows: [[Value]] = partitions.map { p in
                func int(_ value: Int64?) -> Value { value.map { .int($0) } ?? .null }
                return [.text(p.group), .text(p.topic), .int(Int64(p.partition)), int(p.firstOffset), int(p.endOffset),
                        int(p.storedOffset), int(p.lag), p.member.map { .text($0) } ?? .null,
                        p.memberSeen.map { .time($0) } ?? .null]
            }
            return ArrayRowStream(schema: Self.schema, rows: rows)
        })
    }
}
