import Foundation
import Postgres
import Store
import Tabular
import TestSupport
import Testing

@Suite struct RecordWriterTests {
    @Test func storesOnceWhateverIsReplayed() throws {
        let connection = try migratedStore()
        let writer = RecordWriter(connection: connection)
        let rows = [
            priceRow("2024-10-26T22:00:00Z", "DK2", 50),
            priceRow("2024-10-26T23:00:00Z", "DK2", -5.5),
            productionRow("2024-10-26T22:00:00Z", "DK2", "OnshoreWindPower", 400),
        ]
        let first = try writer.write(rows)
        #expect(first.inserted == 3 && first.duplicates == 0)
        // The same rows again, plus one new and one repeated inside the batch.
        let again = rows + [priceRow("2024-10-27T00:00:00Z", "DK2", 7), priceRow("2024-10-27T00:00:00Z", "DK2", 7)]
        let second = try writer.write(again)
        #expect(second.inserted == 1)
        #expect(second.duplicates == 4)
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == 4)
        #expect(try connection.query("SELECT count(DISTINCT natural_key) FROM energi_records").scalar?.int == 4)
    }

    @Test func timestampIsTheEventTime() throws {
        let connection = try migratedStore()
        try RecordWriter(connection: connection).write([priceRow("2019-01-01T00:00:00Z", "DK1", 40)])
        let stored = try connection.query(#"SELECT "timestamp" FROM energi_records"#).scalar?.timestamp
        #expect(stored == utc("2019-01-01T00:00:00Z"))
    }

    @Test func rejectsAndOffsetsLandInTheSameTransaction() throws {
        let connection = try migratedStore()
        let writer = RecordWriter(connection: connection)
        let reject = RejectRow(source: "elspot_topic", partition: 0, offset: 7, key: Array("k".utf8),
                               raw: Array("not json".utf8), reason: "not JSON")
        let summary = try writer.write([priceRow("2024-01-01T00:00:00Z", "DK1", 1)], rejects: [reject, reject],
                                       offsets: [PartitionOffset(topic: "elspot_topic", partition: 0, nextOffset: 8)],
                                       consumerGroup: "g")
        #expect(summary.rejected == 1)
        let row = try #require(try connection.query("SELECT raw, reason, kafka_offset FROM energi_rejects").first)
        #expect(row[0] == .bytes(Array("not json".utf8)))
        #expect(row[1].string == "not JSON")
        #expect(try StoredOffsets.load(group: "g", connection) == [PartitionOffset(topic: "elspot_topic", partition: 0, nextOffset: 8)])
        // Offsets move with later batches.
        try writer.write([], offsets: [PartitionOffset(topic: "elspot_topic", partition: 0, nextOffset: 20)], consumerGroup: "g")
        #expect(try StoredOffsets.load(group: "g", connection).first?.nextOffset == 20)
    }

    @Test func aFailedBatchLeavesNothingBehind() throws {
        let connection = try migratedStore()
        let writer = RecordWriter(connection: connection)
        var bad = priceRow("2024-01-01T00:00:00Z", "DK1", 1)
        bad.payload = Array("{not json".utf8)
        #expect(throws: StoreError.self) {
            try writer.write([priceRow("2024-01-01T01:00:00Z", "DK1", 2), bad],
                             offsets: [PartitionOffset(topic: "t", partition: 0, nextOffset: 2)], consumerGroup: "g")
        }
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == 0)
        #expect(try StoredOffsets.load(group: "g", connection).isEmpty)
        #expect(try connection.query("SELECT count(*) FROM energi_daily").scalar?.int == 0)
    }
}
