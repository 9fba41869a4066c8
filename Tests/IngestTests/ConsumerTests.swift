import Basics
import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Store
import TestSupport
import Testing

/// A bytea value's bytes.
func bytes(_ value: PostgresValue) -> [UInt8]? {
    if case .bytes(let bytes) = value { return bytes }
    return nil
}

@Suite("the store consumer: exactly once, offsets in the store, rejects")
struct ConsumerTests {
    static let dayAhead = "DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"
    static let settlement = "ProductionConsumptionSettlement_DK1-DK2_hourly_2024-03-04_2024-03-05_DKtime.csv"

    @Test("every message is stored once, with its event time, topic and position; the offsets are stored with it")
    func storesWithPositions() throws {
        let pipeline = try Pipeline()
        try pipeline.publish(Self.dayAhead)
        let statistics = try pipeline.consume()
        #expect(statistics.messages == 672 && statistics.stored == 672 && statistics.duplicates == 0)
        #expect(try pipeline.count("SELECT count(DISTINCT kafka_offset) FROM energi_records WHERE source = 'dayahead_topic' AND kafka_partition = 0") == 672)
        let offsets = try StoredOffsets.load(group: "energiflow-store", pipeline.connection)
        // With the event time of the newest message stored: the file's last quarter hour.
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(Self.dayAhead))
        let newest = try csv.rows.compactMap { IngestCSV.utc($0[try csv.column("TimeUTC")]) }.max()
        #expect(offsets == [PartitionOffset(topic: "dayahead_topic", partition: 0, nextOffset: 672, lastEventTime: newest)])
        // The event's time, not the insertion time; DKK stays in the payload.
        let first = try #require(try pipeline.connection.query("""
            SELECT "timestamp", payload->>'DayAheadPriceDKK', natural_key FROM energi_records ORDER BY "timestamp" LIMIT 1
            """).first)
        #expect(first[0].timestamp == IngestCSV.utc("2026-02-28T23:00:00"))
        #expect(first[1].string != nil)
        #expect(first[2].string == "DayAheadPrices|2026-02-28T23:00:00Z|DK2")
    }

    @Test("a message is the record's JSON, keyed by its natural key, stamped with the producer's clock")
    func messageShape() throws {
        let pipeline = try Pipeline()
        let record = try #require(try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.dayAhead)).records.first)
        let before = Date()
        try pipeline.publish(records: [record])
        let consumer = try KafkaConsumer(configuration: pipeline.kafka, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: "dayahead_topic", partition: 0): .beginning])
        var message: KafkaMessage?
        let deadline = Date().addingTimeInterval(20)
        while message == nil && Date() < deadline {
            if case .message(let m)? = try consumer.poll(timeout: .milliseconds(200)) { message = m }
        }
        let m = try #require(message)
        #expect(m.key == Array("DayAheadPrices|2026-02-28T23:00:00Z|DK2".utf8))
        #expect(m.value == record.messageValue)
        let value = try JSONValue.parse(m.value)
        #expect(value["TimeUTC"]?.stringValue == "2026-02-28T23:00:00", "the event time stays in the payload")
        let stamp = try #require(m.timestamp)
        #expect(stamp.timeIntervalSince(before) > -2 && stamp.timeIntervalSinceNow < 2, "producer time, not event time")
    }

    @Test("a replayed file changes nothing; a restarted consumer reads nothing twice")
    func replayAndRestart() throws {
        let pipeline = try Pipeline()
        try pipeline.publish(Self.settlement)
        let first = try pipeline.consume()
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(Self.settlement))
        let columns = try Dataset.productionConsumptionSettlement.productionColumns.map { try csv.column($0) }
        let nonEmpty = csv.rows.reduce(0) { n, row in n + columns.filter { csv.number(row, $0) != nil }.count }
        #expect(first.messages == 96 && first.stored == nonEmpty)
        let rows = try pipeline.count("SELECT count(*) FROM energi_records")
        let daily = try pipeline.connection.query("SELECT day::text, price_area, total_production_mwh, production_hours FROM energi_daily ORDER BY 1, 2").rows.map { "\($0)" }

        // Restart: the stored offsets say everything is read.
        let again = try pipeline.consume()
        #expect(again.messages == 0 && again.stored == 0)

        // Replay: the same records sent again are read, and change nothing.
        try pipeline.publish(Self.settlement)
        let replay = try pipeline.consume()
        #expect(replay.messages == 96)
        #expect(replay.stored == 0 && replay.duplicates == rows)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == rows)
        let after = try pipeline.connection.query("SELECT day::text, price_area, total_production_mwh, production_hours FROM energi_daily ORDER BY 1, 2").rows.map { "\($0)" }
        #expect(after == daily)
    }

    @Test("the store's offsets win over Kafka's: a new store reads the topics from the beginning")
    func storeOffsetsAreTheTruth() throws {
        let pipeline = try Pipeline()
        try pipeline.publish(Self.dayAhead)
        try pipeline.consume(group: "shared")
        // Kafka now has commits for group "shared" at the end; a fresh store has none.
        let fresh = try PostgresConnection(try TestDatabase.fresh(prefix: "ingest_fresh_store"))
        defer { try? TestDatabase.drop(fresh.configuration) }
        try Migrator.migrate(fresh)
        let statistics = try pipeline.consume(group: "shared", on: fresh)
        #expect(statistics.stored == 672)
        #expect(try fresh.query("SELECT count(*) FROM energi_records").scalar?.int == 672)
    }

    @Test("invalid messages become rejects with reason, position and raw bytes; the valid ones around them are stored")
    func rejects() throws {
        let pipeline = try Pipeline()
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.dayAhead)).records
        let bad: [(String, String)] = [
            ("not json at all", "not JSON"),
            (#"{"TimeUTC":"2026-03-01T00:00:00","PriceArea":"DK2"}"#, "missing field DayAheadPriceEUR"),
            (#"{"TimeUTC":"2026-03-01T00:00:00","PriceArea":"DK2","DayAheadPriceEUR":"12.5"}"#, "DayAheadPriceEUR is not a number"),
            (#"{"TimeUTC":"yesterday","PriceArea":"DK2","DayAheadPriceEUR":1}"#, "TimeUTC is not a time"),
            (#"{"TimeUTC":"2026-03-01T00:07:00","PriceArea":"DK2","DayAheadPriceEUR":1}"#, "15-minute boundary"),
            (#"{"TimeUTC":"2026-03-01T00:00:00","PriceArea":"dk 2","DayAheadPriceEUR":1}"#, "unknown area"),
            ("", "empty"),
        ]
        var values: [[UInt8]] = records.prefix(10).map(\.messageValue)
        values += bad.map { Array($0.0.utf8) }
        values += records.dropFirst(10).prefix(10).map(\.messageValue)
        try pipeline.send(topic: "dayahead_topic", values: values)
        let statistics = try pipeline.consume()
        #expect(statistics.stored == 20 && statistics.rejected == bad.count)
        let stored = try pipeline.connection.query("""
            SELECT kafka_offset, reason, raw, source, kafka_partition, message_key FROM energi_rejects ORDER BY kafka_offset
            """)
        #expect(stored.count == bad.count)
        for (row, (value, reason)) in zip(stored.rows, bad) {
            #expect(row[1].string?.contains(reason) == true, "\(row[1].string ?? "") should mention \(reason)")
            #expect(bytes(row[2]) == Array(value.utf8))
            #expect(row[3].string == "dayahead_topic" && row[4].int == 0)
        }
        #expect(stored.rows.map { $0[0].int } == (10..<17).map { Int64($0) })
        #expect(stored.rows.first.map { bytes($0[5]) } == Array("raw-10".utf8))
        // Consumed again (a restart): the rejects are not stored twice either.
        try pipeline.send(topic: "dayahead_topic", values: [Array("still not json".utf8)])
        try pipeline.consume()
        #expect(try pipeline.count("SELECT count(*) FROM energi_rejects") == bad.count + 1)
    }

    @Test("a message on a topic of no dataset is a reject, not a crash")
    func unknownTopic() throws {
        let pipeline = try Pipeline()
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.dayAhead)).records
        // An ElspotPrices-shaped record on the DayAhead topic is missing DayAhead fields.
        try pipeline.send(topic: "dayahead_topic", values: [Array(#"{"HourUTC":"2024-01-01T00:00:00","PriceArea":"DK1","SpotPriceEUR":1}"#.utf8)]
            + records.prefix(3).map(\.messageValue))
        let statistics = try pipeline.consume()
        #expect(statistics.rejected == 1 && statistics.stored == 3)
    }

    @Test("one writer or several store the same thing")
    func writersAgree() throws {
        var results: [[String]] = []
        for writers in [1, 3] {
            let pipeline = try Pipeline("writers\(writers)")
            try pipeline.publish("ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv")
            let consumer = StoreConsumer(
                kafka: pipeline.kafka, connection: pipeline.connection,
                options: .init(batchMessages: 97, writers: writers, untilIdle: .milliseconds(500)))
            let (statistics, _) = try consumer.run(stop: IngestStop())
            #expect(statistics.batches > 10)
            results.append(try pipeline.connection.query("""
                SELECT day::text, price_area, round(total_production_mwh::numeric, 6)::text, production_hours, production_by_type::text
                FROM energi_daily ORDER BY 1, 2
                """).rows.map { "\($0)" })
            #expect(try StoredOffsets.load(group: "energiflow-store", pipeline.connection).first?.nextOffset == 1681)
        }
        #expect(results[0] == results[1])
        #expect(results[0].count == 70)
    }
}
