import Basics
import Foundation
import Postgres
import Store
import Tabular
import TestSupport
import Testing

@Suite struct DailyRollupTests {
    /// The fall-back day 2024-10-27 in Copenhagen runs from 2024-10-26 22:00 UTC
    /// to 2024-10-27 23:00 UTC: 25 hours, all of them one Danish day.
    @Test func theFallBackDayHas25HoursAndIsOneDay() throws {
        let connection = try migratedStore()
        let start = utc("2024-10-26T22:00:00Z")
        var rows: [StoreRow] = []
        for h in 0..<25 {
            let time = ISO8601.utcString(start.addingTimeInterval(Double(h) * 3600))
            rows.append(priceRow(time, "DK2", Double(h)))
            rows.append(productionRow(time, "DK2", "OnshoreWindPower", 100))
        }
        // One hour on each side belongs to the neighbouring days.
        rows.append(priceRow("2024-10-26T21:00:00Z", "DK2", 1000))
        rows.append(priceRow("2024-10-27T23:00:00Z", "DK2", 1000))
        try RecordWriter(connection: connection).write(rows)
        let day = try #require(try connection.query("""
            SELECT price_intervals, production_hours, total_production_mwh, avg_price_eur, min_price_eur, max_price_eur
            FROM energi_daily WHERE day = '2024-10-27' AND price_area = 'DK2'
            """).first)
        #expect(day[0].int == 25)
        #expect(day[1].int == 25)
        #expect(day[2].double == 2500)
        #expect(day[3].double == 12)  // mean of 0...24
        #expect(day[4].double == 0 && day[5].double == 24)
        #expect(try connection.query("SELECT count(*) FROM energi_daily").scalar?.int == 3)
    }

    /// A day with 15-minute prices for one hour and hourly prices for the rest
    /// averages by time, not by row count.
    @Test func averagesAreTimeWeighted() throws {
        let connection = try migratedStore()
        let rows = [
            priceRow("2024-06-01T00:00:00Z", "DK1", 100),
            priceRow("2024-06-01T01:00:00Z", "DK1", 0, interval: 900, dataset: "DayAheadPrices"),
            priceRow("2024-06-01T01:15:00Z", "DK1", 0, interval: 900, dataset: "DayAheadPrices"),
            priceRow("2024-06-01T01:30:00Z", "DK1", 0, interval: 900, dataset: "DayAheadPrices"),
            priceRow("2024-06-01T01:45:00Z", "DK1", 0, interval: 900, dataset: "DayAheadPrices"),
        ]
        try RecordWriter(connection: connection).write(rows)
        let avg = try connection.query("SELECT avg_price_eur, price_intervals FROM energi_daily").first
        #expect(avg?[0].double == 50)  // by row count it would be 20
        #expect(avg?[1].int == 5)
    }

    @Test func repeatedAllocationsAreNotCounted() throws {
        let connection = try migratedStore()
        let rows = [
            productionRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 43, dataset: "DeclarationProduction", counts: false, keySuffix: "|125%"),
            productionRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 43, dataset: "DeclarationProduction", counts: false, keySuffix: "|200%"),
            productionRow("2024-09-24T23:00:00Z", "DK1", "BioGas", 43, dataset: "DeclarationProduction", keySuffix: "|Total"),
            productionRow("2024-09-24T23:00:00Z", "DK1", "WindOnshore", 1000, dataset: "DeclarationProduction", keySuffix: "|All"),
        ]
        try RecordWriter(connection: connection).write(rows)
        let day = try #require(try connection.query("SELECT total_production_mwh, production_by_type::text FROM energi_daily").first)
        #expect(day[0].double == 1043)
        #expect(day[1].string == #"{"BioGas": 43, "WindOnshore": 1000}"#)
    }

    /// Two production datasets for one day are never added together.
    @Test func oneProductionDatasetPerDay() throws {
        let connection = try migratedStore()
        var rows: [StoreRow] = []
        for h in 0..<3 {
            let time = "2024-06-01T0\(h):00:00Z"
            rows.append(productionRow(time, "DK1", "OnshoreWindPower", 10))
            if h < 2 { rows.append(productionRow(time, "DK1", "WindOnshore", 99, dataset: "DeclarationProduction", keySuffix: "|All")) }
        }
        try RecordWriter(connection: connection).write(rows)
        let day = try #require(try connection.query("SELECT total_production_mwh, production_dataset, production_hours FROM energi_daily").first)
        #expect(day[0].double == 30)
        #expect(day[1].string == "ElectricityBalanceNonv")
        #expect(day[2].int == 3)
    }

    @Test func laterBatchesUpdateTheSameDay() throws {
        let connection = try migratedStore()
        let writer = RecordWriter(connection: connection)
        try writer.write([priceRow("2024-06-01T10:00:00Z", "DK1", 10)])
        try writer.write([priceRow("2024-06-01T11:00:00Z", "DK1", 30)])
        let day = try connection.query("SELECT avg_price_eur, price_intervals FROM energi_daily").first
        #expect(day?[0].double == 20)
        #expect(day?[1].int == 2)
        try connection.execute("DELETE FROM energi_daily")
        #expect(try DailyRollup.rebuild(connection) == 1)
        #expect(try connection.query("SELECT avg_price_eur FROM energi_daily").scalar?.double == 20)
    }
}
