import Basics
import Foundation
import Postgres
import Query
import Stages
import Tabular
import TestSupport
import Testing

/// Results of the stages on the recorded data, against SQL written here
/// (or the recorded file itself), not against the stages' own SQL.
@Suite struct ResultsTests {
    /// The recorded 2024 price file's EUR prices for one Danish day and area,
    /// read straight from the CSV (HourDK is Danish time).
    func recordedPrices(day: String, area: String) throws -> [Double] {
        let text = try String(contentsOf: TestPaths.recorded("ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"),
                              encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).compactMap { line -> Double? in
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard fields.count == 5, fields[1].hasPrefix(day), fields[2] == area else { return nil }
            return Double(fields[4].replacingOccurrences(of: ",", with: "."))
        }
    }

    @Test func dailyPricesEqualTheRecordedFile() throws {
        // 2024-10-27 is the fall-back day: 25 hours.
        let rows = try Fixture.rows("daily area=DK2 since=2024-10-26 until=2024-10-28 | select day price min_price max_price price_intervals")
        #expect(rows.count == 2)
        for row in rows.rows {
            guard case .day(let day) = row[0] else { throw TestFailure("not a day: \(row[0])") }
            let prices = try recordedPrices(day: day.description, area: "DK2")
            #expect(prices.count == (day.day == 27 ? 25 : 24))
            #expect(close(row[1].number, prices.reduce(0, +) / Double(prices.count)))
            #expect(row[2].number == prices.min() && row[3].number == prices.max())
            #expect(row[4] == .int(Int64(prices.count)))
        }
    }

    @Test func dailyEqualsATimeWeightedGroupByOverTheRawRows() throws {
        let rows = try Fixture.rows("daily area=DK2 since=2024-09-01 until=2024-10-01")
        let expected = try Fixture.connection().query("""
            WITH production AS (
              SELECT ("timestamp" AT TIME ZONE 'Europe/Copenhagen')::date AS day, sum(production_mwh) AS mwh
              FROM energi_records
              WHERE price_area = 'DK2' AND production_mwh IS NOT NULL AND counts_in_totals
              GROUP BY 1
            )
            SELECT (r."timestamp" AT TIME ZONE 'Europe/Copenhagen')::date AS day,
                   sum(r.spot_price_eur * r.interval_seconds) / sum(r.interval_seconds) AS price,
                   min(r.spot_price_eur), max(r.spot_price_eur), count(*), min(q.mwh)
            FROM energi_records r
            LEFT JOIN production q ON q.day = (r."timestamp" AT TIME ZONE 'Europe/Copenhagen')::date
            WHERE r.price_area = 'DK2' AND r.spot_price_eur IS NOT NULL
              AND r."timestamp" >= '2024-08-31 22:00:00+00' AND r."timestamp" < '2024-09-30 22:00:00+00'
            GROUP BY 1 ORDER BY 1
            """)
        #expect(rows.count == 30 && expected.count == 30)
        #expect(rows.columns.map(\.name) == ["day", "area", "price", "min_price", "max_price", "production",
                                             "price_intervals", "production_hours"])
        for (row, sql) in zip(rows.rows, expected.rows) {
            #expect(row[0].description == sql[0].date?.description)
            #expect(row[1] == .text("DK2"))
            #expect(close(row[2].number, sql[1].double))
            #expect(row[3].number == sql[2].double && row[4].number == sql[3].double)
            #expect(close(row[5].number, sql[5].double))
            #expect(row[6] == .int(sql[4].int ?? -1))
            #expect(row[7] == .int(24))
        }
    }

    @Test func hourlyAlignsHourlyPricesWithSummedProduction() throws {
        let rows = try Fixture.rows("hourly area=DK2 since=2024-09-01 until=2024-09-08")
        let expected = try Fixture.connection().query("""
            SELECT p."timestamp", p.spot_price_eur,
                   (SELECT sum(q.production_mwh) FROM energi_records q
                     WHERE q.price_area = p.price_area AND q."timestamp" = p."timestamp"
                       AND q.production_mwh IS NOT NULL AND q.counts_in_totals)
            FROM energi_records p
            WHERE p.price_area = 'DK2' AND p.spot_price_eur IS NOT NULL
              AND p."timestamp" >= '2024-08-31 22:00:00+00' AND p."timestamp" < '2024-09-07 22:00:00+00'
            ORDER BY 1
            """)
        #expect(rows.count == 168 && expected.count == 168)
        for (row, sql) in zip(rows.rows, expected.rows) {
            #expect(row[0] == .time(sql[0].timestamp ?? .distantPast))
            #expect(close(row[2].number, sql[1].double))
            #expect(close(row[3].number, sql[2].double))
        }
    }

    @Test func quarterHourPricesAverageIntoTheirHour() throws {
        let rows = try Fixture.rows("hourly area=DK2 since=2026-03-01 until=2026-03-02")
        let expected = try Fixture.connection().query("""
            SELECT date_trunc('hour', "timestamp"), avg(spot_price_eur), count(*)
            FROM energi_records
            WHERE price_area = 'DK2' AND dataset = 'DayAheadPrices'
              AND "timestamp" >= '2026-02-28 23:00:00+00' AND "timestamp" < '2026-03-01 23:00:00+00'
            GROUP BY 1 ORDER BY 1
            """)
        #expect(rows.count == 24 && expected.count == 24)
        for (row, sql) in zip(rows.rows, expected.rows) {
            #expect(sql[2].int == 4)
            #expect(row[0] == .time(sql[0].timestamp ?? .distantPast))
            #expect(close(row[2].number, sql[1].double))
            #expect(row[3] == .null)  // no production recorded for 2026
        }
    }

    @Test func hourlyByDayAgreesWithTheDailyRollup() throws {
        let hourly = try Fixture.rows("hourly area=DK2 since=2024-08-29 until=2024-11-07 by=day")
        let daily = try Fixture.rows("daily area=DK2 since=2024-08-29 until=2024-11-07")
        #expect(hourly.count == 70 && daily.count == 70)
        for (h, d) in zip(hourly.rows, daily.rows) {
            #expect(h[0] == d[0] && h[1] == d[1])
            #expect(close(h[2].number, d[2].number))
            #expect(close(h[3].number, d[5].number))
        }
    }

    @Test func totalEqualsTheSumOfCountedProduction() throws {
        let rows = try Fixture.rows("total")
        let expected = try Fixture.connection().query("""
            SELECT price_area, sum(production_mwh), count(DISTINCT "timestamp")
            FROM energi_records WHERE production_mwh IS NOT NULL AND counts_in_totals
            GROUP BY 1 ORDER BY 1
            """)
        #expect(rows.rows.map { $0[0] } == expected.rows.map { .text($0[0].string ?? "") })
        for (row, sql) in zip(rows.rows, expected.rows) {
            #expect(close(row[1].number, sql[1].double))
            #expect(row[2] == .int(sql[2].int ?? -1))
        }
    }

    @Test func declarationRepeatsAreNotCounted() throws {
        // SOURCES.md: for 2024-09-24 23:00 UTC the true sum (All/Total rows) is 3,300.9 MWh,
        // the naive sum over every row 3,807.4 MWh.
        let rows = try Fixture.rows("production area=DK1 dataset=declaration by=hour")
        #expect(rows.count == 2)
        let late = try #require(rows.rows.first { $0[0] == .time(utc("2024-09-24T23:00:00Z")) })
        #expect(abs((late[2].number ?? 0) - 3300.9) < 0.05)
    }

    @Test func productionByTypeSumsEachType() throws {
        let rows = try Fixture.rows("production area=DK2 since=2024-09-01 until=2024-09-08 by=type")
        let expected = try Fixture.connection().query("""
            SELECT production_type, sum(production_mwh) FROM energi_records
            WHERE price_area = 'DK2' AND production_mwh IS NOT NULL
              AND "timestamp" >= '2024-08-31 22:00:00+00' AND "timestamp" < '2024-09-07 22:00:00+00'
            GROUP BY 1 ORDER BY production_type COLLATE "C"
            """)
        #expect(rows.columns.map(\.name) == ["area", "type", "production"])
        #expect(rows.count == expected.count && rows.count >= 5)
        for (row, sql) in zip(rows.rows, expected.rows) {
            #expect(row[1] == .text(sql[0].string ?? ""))
            #expect(close(row[2].number, sql[1].double))
        }
    }

    @Test func pricesCarryDKKFromThePayload() throws {
        // 2024-09-01 00:00 DK: "2024-08-31 22:00:00;2024-09-01 00:00:00;DK2;699,369995;93,760002" in the file.
        let rows = try Fixture.rows("prices area=DK2 since=2024-09-01 until=2024-09-01T01:00")
        #expect(rows.count == 1)
        #expect(close(rows.rows[0][2].number, 93.760002))
        #expect(close(rows.rows[0][3].number, 699.369995))
        #expect(rows.rows[0][4] == .text("ElspotPrices"))
    }

    @Test func groupingByWeekAndInUTC() throws {
        let weeks = try Fixture.rows("prices area=DK2 by=week since=2024-09-02 until=2024-09-16")
        let connection = try Fixture.connection()
        let expected = try connection.query("""
            SELECT avg(spot_price_eur), count(*) FROM energi_records
            WHERE price_area = 'DK2' AND spot_price_eur IS NOT NULL
              AND "timestamp" >= '2024-09-01 22:00:00+00' AND "timestamp" < '2024-09-08 22:00:00+00'
            """)
        #expect(weeks.count == 2)
        #expect(weeks.rows[0][0] == .day(Day(year: 2024, month: 9, day: 2)))
        #expect(weeks.rows[1][0] == .day(Day(year: 2024, month: 9, day: 9)))
        #expect(close(weeks.rows[0][2].number, expected.rows[0][0].double))
        #expect(weeks.rows[0][5] == .int(expected.rows[0][1].int ?? -1))

        let days = try Fixture.rows("prices area=DK2 by=day since=2024-09-01 until=2024-09-03 tz=UTC")
        let utcDay = try connection.query("""
            SELECT avg(spot_price_eur) FROM energi_records
            WHERE price_area = 'DK2' AND spot_price_eur IS NOT NULL
              AND "timestamp" >= '2024-09-01 00:00:00+00' AND "timestamp" < '2024-09-02 00:00:00+00'
            """)
        #expect(days.count == 2)
        #expect(days.rows[0][0] == .day(Day(year: 2024, month: 9, day: 1)) && days.rows[0][5] == .int(24))
        #expect(close(days.rows[0][2].number, utcDay.rows[0][0].double))
    }

    @Test func lastCountsBackFromTheNewestDataOfTheSource() throws {
        // Newest DK1 price: 2024-12-31 22:00 UTC. An hour back keeps that hour; 1h30m the one before too.
        let hour = try Fixture.rows("prices area=DK1 last=1h")
        #expect(hour.rows.map { $0[0] } == [.time(utc("2024-12-31T22:00:00Z"))])
        let more = try Fixture.rows("prices area=DK1 last=1h30m")
        #expect(more.rows.map { $0[0] } == [.time(utc("2024-12-31T21:00:00Z")), .time(utc("2024-12-31T22:00:00Z"))])
        // Newest DK2 day with data: 2026-03-07 (the 15-minute slice).
        let days = try Fixture.rows("daily area=DK2 last=3d | select day")
        #expect(days.rows.map { $0[0] } == [5, 6, 7].map { .day(Day(year: 2026, month: 3, day: $0)) })
        // Production's newest DK2 hour is 2024-11-06 22:00 UTC; a day back is 24 hours of it.
        let production = try Fixture.rows("production area=DK2 last=1d by=hour")
        #expect(production.count == 24)
        #expect(production.rows.last?[0] == .time(utc("2024-11-06T22:00:00Z")))
    }

    @Test func rawShowsTheNewestRecordsFirst() throws {
        let rows = try Fixture.rows("raw elspot area=DK1 limit=5 | select time SpotPriceEUR")
        let expected = try Fixture.connection().query("""
            SELECT "timestamp", spot_price_eur FROM energi_records
            WHERE dataset = 'ElspotPrices' AND price_area = 'DK1' ORDER BY "timestamp" DESC LIMIT 5
            """)
        #expect(rows.rows.map { $0[0] } == expected.rows.map { .time($0[0].timestamp ?? .distantPast) })
        #expect(rows.rows.map { $0[1].number } == expected.rows.map { $0[1].double })
        // A wide record shows once, with its non-production fields too.
        let balance = try Fixture.rows("raw balance limit=2 | select time TotalLoad Biomass")
        #expect(balance.rows.map { $0[0] } == [.time(utc("2024-11-06T22:00:00Z")), .time(utc("2024-11-06T21:00:00Z"))])
        #expect(close(balance.rows[0][1].number, 1445.449951) && close(balance.rows[0][2].number, 421.76001))
    }

    @Test func sqlTypesColumnsFromTheResult() throws {
        let rows = try Fixture.rows("""
            sql 'select price_area, count(*) as n, min(day) as first, max(avg_price_eur) as top, bool_or(true) as b from energi_daily group by 1 order by 1'
            """)
        #expect(rows.columns.map(\.type) == [.text, .int, .day, .double, .bool])
        #expect(rows.rows.map { $0[0] } == ["DE", "DK1", "DK2", "NO2", "SE3", "SE4", "SYSTEM"].map { .text($0) })
    }
}
