import Basics
import EnergiData
import Foundation
@testable import Ingest
import Kafka
import Postgres
import Store
import TestSupport
import Tabular
import Testing

/// Messages the broker deletes before the consumer group stores them —
/// librdkafka's mock keeps about 5 MB of a partition — are found, said,
/// recorded and counted, never passed over in silence.
@Suite struct GapTests {
    /// ElspotPrices records for DK1, hour `i` after 2024-01-01T00:00Z, each
    /// padded with 4 KB of incompressible text (an undocumented field, kept in
    /// the payload) so that a few thousand fill the mock's partition.
    static func paddedRecords(_ range: Range<Int>) -> [(key: [UInt8], value: [UInt8], time: Date)] {
        var random = SplitMix64(seed: 7)
        return range.map { i in
            let time = Date(timeIntervalSince1970: 1_704_067_200 + Double(i) * 3600)
            let hour = Timestamp(time).apiString
            var padding = ""
            for _ in 0..<512 { padding += String(format: "%08x", UInt32(truncatingIfNeeded: random.next())) }
            let value = #"{"HourUTC":"\#(hour)","PriceArea":"DK1","SpotPriceEUR":\#(Double(i % 97) - 3.5),"Padding":"\#(padding)"}"#
            return (Array("ElspotPrices|\(hour)|DK1".utf8), Array(value.utf8), time)
        }
    }

    static func send(_ records: [(key: [UInt8], value: [UInt8], time: Date)], to pipeline: Pipeline) throws {
        let producer = try KafkaProducer(configuration: pipeline.kafka)
        for record in records { try producer.send(topic: "elspot_topic", key: record.key, value: record.value) }
        try producer.flush(timeout: .seconds(60))
    }

    func firstOffset(_ pipeline: Pipeline) throws -> Int64 {
        try KafkaConsumer(configuration: pipeline.kafka, groupID: nil).watermarks(topic: "elspot_topic", partition: 0).low
    }

    @Test("a new group whose partition no longer starts at 0 reports the deleted offsets, their times and the refill")
    func newGroupFindsTheStartDeleted() throws {
        let pipeline = try Pipeline()
        let records = Self.paddedRecords(0..<3_000)
        try Self.send(records, to: pipeline)
        let first = try firstOffset(pipeline)
        #expect(first > 0, "the mock kept every message; the test needs it to drop some")
        let statistics = try pipeline.consume()
        #expect(statistics.stored == 3_000 - Int(first))
        let gap = try #require(statistics.gaps.first)
        #expect(statistics.gaps.count == 1)
        #expect(gap.topic == "elspot_topic" && gap.partition == 0)
        #expect(gap.firstOffset == 0 && gap.endOffset == first && gap.count == first)
        #expect(gap.dataset == "ElspotPrices")
        #expect(gap.eventTimeBefore == nil)
        #expect(gap.eventTimeAfter == records[Int(first)].time)
        let end = Day(containing: records[Int(first)].time, in: .copenhagen).next
        #expect(gap.refill == "energiflow ingest --dataset elspot --start FIRST-DAY-YOU-NEED --end \(end)")
        let stored = try StoredGap.load(pipeline.connection)
        #expect(stored.map(\.gap) == [gap])
        #expect(stored.first?.group == StoreConsumer.Options.defaultGroup)
    }

    @Test("a stored position the broker has deleted past is a gap, with the event times on both sides")
    func storedOffsetBelowTheFirstOffset() throws {
        let pipeline = try Pipeline()
        let records = Self.paddedRecords(0..<4_000)
        try Self.send(Array(records[0..<200]), to: pipeline)
        #expect(try pipeline.consume().gaps.isEmpty)
        // Now the producer runs far ahead of a consumer that is not running.
        try Self.send(Array(records[200...]), to: pipeline)
        let first = try firstOffset(pipeline)
        #expect(first > 200)
        let statistics = try pipeline.consume()
        let gap = try #require(statistics.gaps.first)
        #expect(gap.firstOffset == 200 && gap.endOffset == first)
        #expect(gap.eventTimeBefore == records[199].time)
        #expect(gap.eventTimeAfter == records[Int(first)].time)
        let start = Day(containing: records[199].time, in: .copenhagen)
        let end = Day(containing: records[Int(first)].time, in: .copenhagen).next
        #expect(gap.refill == "energiflow ingest --dataset elspot --start \(start) --end \(end)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 200 + 4_000 - Int(first))
        // Read again from the stored offsets: nothing new, no second report.
        #expect(try pipeline.consume().gaps.isEmpty)
        #expect(try StoredGap.load(pipeline.connection).count == 1)
    }

    @Test("a replayed batch records its gap once")
    func gapRecordedOnce() throws {
        let connection = try PostgresConnection(try TestDatabase.fresh(prefix: "gap_once"))
        try Migrator.migrate(connection)
        let gap = OffsetGap(topic: "elspot_topic", partition: 0, firstOffset: 10, endOffset: 25, dataset: "ElspotPrices")
        let writer = RecordWriter(connection: connection)
        for _ in 0..<2 {
            try writer.write([], offsets: [PartitionOffset(topic: "elspot_topic", partition: 0, nextOffset: 26)],
                             consumerGroup: "g", gaps: [gap])
        }
        #expect(try StoredGap.load(group: "g", connection).map(\.gap) == [gap])
    }

    @Test("`energiflow consume` says so on stderr and exits 4")
    func consumeCommandExitsFour() throws {
        let pipeline = try Pipeline()
        try Self.send(Self.paddedRecords(0..<3_000), to: pipeline)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        var environment = pipeline.environment
        environment["XDG_STATE_HOME"] = state.path
        environment["KAFKA_BROKERS"] = pipeline.cluster.bootstrapServers
        let run = try IngestProcess.run(["consume", "--until-idle", "--idle", "1"], environment: environment)
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains("DATA LOST: elspot_topic[0] offsets 0–"))
        #expect(run.output.contains("Refill from the API: energiflow ingest --dataset elspot --start FIRST-DAY-YOU-NEED --end "))
        #expect(run.output.contains("were deleted by the broker before they were stored"))
    }
}

/// The detector alone, with the broker's answer given.
@Suite struct GapDetectorTests {
    let partition = KafkaTopicPartition(topic: "elspot_topic", partition: 3)

    func detector() -> GapDetector {
        GapDetector(datasets: { Dataset(topic: $0) }, log: { _ in })
    }

    @Test func aJumpTheBrokerDoesNotConfirmIsNoGap() {
        let gaps = detector()
        gaps.assign([partition], stored: [PartitionOffset(topic: "elspot_topic", partition: 3, nextOffset: 100)])
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 100, eventTime: nil, firstOffset: { _ in 0 }) == nil)
        // Offsets 101 and 102 unused (transaction markers, compaction): still there as far as the broker says.
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 103, eventTime: nil, firstOffset: { _ in 50 }) == nil)
        // Now 104–199 are gone: the broker's first offset is past them.
        let gap = gaps.observe(topic: "elspot_topic", partition: 3, offset: 200, eventTime: nil, firstOffset: { _ in 200 })
        #expect(gap?.firstOffset == 104 && gap?.endOffset == 200)
    }

    @Test func messagesDeliveredAgainAndUnassignedPartitionsAreNoGaps() {
        let gaps = detector()
        gaps.assign([partition], stored: [])
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 0, eventTime: nil, firstOffset: { _ in 0 }) == nil)
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 1, eventTime: nil, firstOffset: { _ in 0 }) == nil)
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 0, eventTime: nil, firstOffset: { _ in 5 }) == nil)
        #expect(gaps.observe(topic: "elspot_topic", partition: 9, offset: 500, eventTime: nil, firstOffset: { _ in 500 }) == nil)
        gaps.revoke([partition])
        #expect(gaps.observe(topic: "elspot_topic", partition: 3, offset: 900, eventTime: nil, firstOffset: { _ in 900 }) == nil)
    }
}
