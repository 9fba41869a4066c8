import Foundation
import Postgres
@testable import Store
import Tabular
import TestSupport
import Testing

/// Rows encoded ahead of the COPY: what the writer learns from them on the
/// way (days, version cells) and the parts a batch can be split into.
@Suite struct EncodedRowsTests {
    func declarationRow(_ time: String, _ area: String, _ type: String, _ mwh: Double, version: String) -> StoreRow {
        StoreRow(naturalKey: "DeclarationProduction|\(time)|\(area)|\(type)|All|Grid|\(version)", time: utc(time), area: area,
                 dataset: "DeclarationProduction", intervalSeconds: 3600, productionMWh: mwh, productionType: type,
                 version: version, payload: Array(#"{"Production_MWh":\#(mwh),"Version":"\#(version)"}"#.utf8),
                 source: "declaration_topic")
    }

    @Test func theDaysAreDanishCalendarDaysAcrossDST() throws {
        // 2024-10-26 22:00Z is 00:00 on Danish 27 October (a 25-hour day); 2024-10-27 23:00Z is already the 28th.
        let rows = EncodedRows([
            priceRow("2024-10-26T21:00:00Z", "DK1", 1), priceRow("2024-10-26T22:00:00Z", "DK1", 2),
            priceRow("2024-10-27T22:00:00Z", "DK1", 3), priceRow("2024-10-27T23:00:00Z", "DK1", 4),
            priceRow("2024-10-27T23:00:00Z", "DK2", 5),
        ])
        #expect(rows.count == 5)
        let days = Set(rows.affectedDays.map { "\($0.day) \($0.area)" })
        #expect(days == ["2024-10-26 DK1", "2024-10-27 DK1", "2024-10-28 DK1", "2024-10-28 DK2"])
        #expect(rows.versionCells.isEmpty)
    }

    @Test func versionCellsAndTheCellsABatchBringsTwoVersionsOf() throws {
        let rows = EncodedRows([
            declarationRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 1, version: "Preliminary"),
            declarationRow("2024-09-24T23:00:00Z", "DK1", "Straw", 2, version: "Preliminary"),
            declarationRow("2024-09-25T00:00:00Z", "DK1", "BioGas", 3, version: "Preliminary"),
            declarationRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 4, version: "Final"),
            priceRow("2024-09-24T23:00:00Z", "DK1", 40),
        ])
        #expect(rows.versionCells.count == 2)
        // Only the hour where BioGas comes as Preliminary and Final is repeated.
        #expect(rows.repeatedVersionCells.count == 1)
        #expect(rows.repeatedVersionCells.contains(area: "DK1", epochSeconds: Int64(utc("2024-09-24T23:00:00Z").timeIntervalSince1970)))
        #expect(rows.repeatedVersionCells.datasets == ["DeclarationProduction"])
    }

    @Test func aPartHoldsItsRowsAndKeepsTheBatchsCells() throws {
        let source = (0..<6).map { priceRow(String(format: "2024-01-01T%02d:00:00Z", $0), "DK1", Double($0)) }
        let rows = EncodedRows(source)
        let part = rows.rows(2..<4)
        #expect(part.count == 2)
        #expect(part.payload(ofRow: 0) == source[2].payload)
        #expect(part.payload(ofRow: 1) == source[3].payload)
        #expect(part.payload(ofRow: 2) == nil)
        #expect(rows.payload(ofRow: 5) == source[5].payload)
        #expect(part.affectedDays == rows.affectedDays)
        #expect(part.encodedBytes < rows.encodedBytes)
    }

    @Test func encodedRowsStoreWhatTheyHold() throws {
        let connection = try migratedStore()
        var rows = EncodedRows(capacity: 4096)
        let time = utc("2024-03-31T00:00:00Z")
        let payload = Array(#"{"HourUTC":"2024-03-31T00:00:00","SpotPriceEUR":-1.5}"#.utf8)
        let key = Array("ElspotPrices|2024-03-31T00:00:00Z|DK1".utf8)
        payload.withUnsafeBufferPointer { payloadBytes in
            rows.append(time: time, area: "DK1", productionMWh: nil, priceEUR: -1.5, productionType: nil,
                        source: "elspot_topic", payload: payloadBytes, naturalKeyLength: key.count,
                        writeNaturalKey: { out in
                            out.update(from: key, count: key.count)
                            return key.count
                        },
                        dataset: "ElspotPrices", intervalSeconds: 3600, countsInTotals: true, version: nil,
                        partition: 3, offset: 42)
        }
        let summary = try RecordWriter(connection: connection).write(rows)
        #expect(summary.inserted == 1 && summary.daysRefreshed == 1)
        let stored = try #require(try connection.query("""
            SELECT "timestamp", price_area, spot_price_eur, production_mwh, natural_key, payload::text, kafka_partition, kafka_offset
            FROM energi_records
            """).first)
        #expect(stored[0] == .timestamp(time))
        #expect(stored[1] == .text("DK1"))
        #expect(stored[2] == .double(-1.5))
        #expect(stored[3] == .null)
        #expect(stored[4] == .text(String(decoding: key, as: UTF8.self)))
        #expect(stored[5] == .text(String(decoding: payload, as: UTF8.self)))
        #expect(stored[6] == .int(3) && stored[7] == .int(42))
        // Writing the same rows again changes nothing.
        #expect(try RecordWriter(connection: connection).write(rows).duplicates == 1)
    }

    @Test func twoVersionsInOneBatchAndInItsPartsCountOnce() throws {
        let connection = try migratedStore()
        let rows = EncodedRows([
            declarationRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 1, version: "Final"),
            declarationRow("2024-09-24T23:00:00Z", "DK1", "Straw", 2, version: "Preliminary"),
            declarationRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 4, version: "Preliminary"),
        ])
        // Written in two parts, as a consumer isolating a refused message would.
        let writer = RecordWriter(connection: connection)
        try writer.write(rows.rows(0..<1))
        try writer.write(rows.rows(1..<3))
        let counted = try connection.query("""
            SELECT sum(production_mwh) FROM energi_records WHERE counts_in_totals
            """).scalar?.double
        #expect(counted == 3)   // BioGas Final (1) + Straw (2); BioGas Preliminary does not count
        #expect(try connection.query("SELECT total_production_mwh FROM energi_daily").scalar?.double == 3)
    }
}
