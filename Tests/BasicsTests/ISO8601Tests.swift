import Basics
import Foundation
import Testing
import TestSupport

/// ISO 8601 text both ways: round trips, the proleptic Gregorian calendar
/// PostgreSQL counts in, and the daylight-saving edges of Europe/Copenhagen.
@Suite struct ISO8601Tests {
    /// Days since 1970-01-01, counted year by year and month by month with
    /// the Gregorian leap rule: the slow way, to check the fast one.
    static func naiveDays(year: Int, month: Int, day: Int) -> Int {
        func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
        var days = 0
        if year >= 1970 {
            for y in 1970..<year { days += isLeap(y) ? 366 : 365 }
        } else {
            for y in year..<1970 { days -= isLeap(y) ? 366 : 365 }
        }
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return days + lengths[0..<(month - 1)].reduce(0, +) + day - 1
    }

    @Test(arguments: [
        "2024-07-01T12:00:00", "2024-07-01T12:00:00Z", "2024-07-01T12:00:00+02:00", "2024-07-01T12:00:00-05:30",
        "2024-07-01T12:00:00.5+02:00", "2024-07-01T12:00:00.123456789Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59",
        "1582-10-14T00:00:00Z", "1582-10-05T12:00:00", "2024-02-29T23:59:59.000001+14:00",
    ])
    func writtenTextReadsBackAsWritten(text: String) throws {
        let stamp = try #require(Timestamp.parse(text))
        #expect(stamp.description == text)
        #expect(Timestamp.parse(stamp.description) == stamp)
    }

    /// Dates before the Gregorian reform stay as written: PostgreSQL and
    /// Basics count them proleptically, where Foundation's Gregorian calendar
    /// would turn 1582-10-14 into a Julian date.
    @Test func datesBeforeTheReformAreProleptic() throws {
        // Seconds since 1970 of midnight UTC, from PostgreSQL: extract(epoch from date '1582-10-14').
        let reform = Date(timeIntervalSince1970: -12_219_379_200)
        #expect(ISO8601.utcString(reform) == "1582-10-14T00:00:00Z")
        #expect(ISO8601.instant("1582-10-14T00:00:00Z") == reform)
        #expect(Day("1582-10-14")?.description == "1582-10-14")
        #expect(Day("1582-10-14")?.daysSinceEpoch == Self.naiveDays(year: 1582, month: 10, day: 14))
        #expect(Timestamp.parse("1582-10-14 00:00")?.date == reform)
        // The ten days the reform skipped are real days here, as in PostgreSQL.
        #expect(Day("1582-10-10") != nil)
        #expect(Day("1582-10-04")?.next == Day("1582-10-05"))
    }

    /// Random instants from year 1 to 9999: written as UTC text, the days
    /// agree with a count made the slow way, and the text reads back to the
    /// same instant.
    @Test func instantsRoundTripOverTheWholeRange() throws {
        var rng = SplitMix64(seed: 1582)
        for _ in 0..<3000 {
            let y = Int.random(in: 1...9999, using: &rng), m = Int.random(in: 1...12, using: &rng)
            let d = Int.random(in: 1...CivilDate.daysIn(month: m, year: y), using: &rng)
            let second = Int.random(in: 0..<86_400, using: &rng)
            let epoch = Int64(Self.naiveDays(year: y, month: m, day: d)) * 86_400 + Int64(second)
            let stamp = Timestamp(epochSeconds: epoch)
            #expect((stamp.year, stamp.month, stamp.day) == (y, m, d), "\(epoch)")
            #expect(stamp.hour * 3600 + stamp.minute * 60 + stamp.second == second)
            let text = stamp.utcString
            #expect(Timestamp.parse(text)?.epochSeconds == epoch, "\(text)")
            #expect(Day(String(text.prefix(10)))?.daysSinceEpoch == Self.naiveDays(year: y, month: m, day: d))
        }
    }

    /// The instants around both changes of 2024 and their text in Copenhagen:
    /// spring skips 02:00-03:00 (at 01:00Z, UTC+1 to UTC+2), autumn repeats
    /// 02:00-03:00 (at 01:00Z, back to UTC+1).
    @Test(arguments: [
        (1_711_846_799, "2024-03-31T01:59:59+01:00"),
        (1_711_846_800, "2024-03-31T03:00:00+02:00"),
        (1_729_987_200, "2024-10-27T02:00:00+02:00"),
        (1_729_990_799, "2024-10-27T02:59:59+02:00"),
        (1_729_990_800, "2024-10-27T02:00:00+01:00"),
        (1_729_994_399, "2024-10-27T02:59:59+01:00"),
        (1_729_994_400, "2024-10-27T03:00:00+01:00"),
    ] as [(Int, String)])
    func copenhagenAroundDaylightSaving(seconds: Int, text: String) throws {
        let instant = Date(timeIntervalSince1970: Double(seconds))
        #expect(ISO8601.string(instant, in: .copenhagen) == text)
        #expect(ISO8601.instant(text) == instant)
        #expect(Timestamp(instant, in: .copenhagen).description == text)
    }

    @Test func wallClockTimesThatDaylightSavingSkipsOrRepeats() throws {
        // 02:30 on 2024-03-31 does not exist: it is moved forward by the gap, to 03:30+02:00 (01:30Z).
        #expect(Timestamp.parse("2024-03-31T02:30:00")?.date(in: .copenhagen) == Date(timeIntervalSince1970: 1_711_848_600))
        // 02:30 on 2024-10-27 happens twice: the earlier, 02:30+02:00 (00:30Z).
        let repeated = try #require(Timestamp.parse("2024-10-27T02:30:00"))
        #expect(repeated.date(in: .copenhagen) == Date(timeIntervalSince1970: 1_729_989_000))
        #expect(TimeZone.copenhagen.isAmbiguous(Date(timeIntervalSince1970: 1_729_989_000)))
        #expect(TimeZone.copenhagen.isAmbiguous(Date(timeIntervalSince1970: 1_729_992_600)))  // 02:30+01:00
        #expect(!TimeZone.copenhagen.isAmbiguous(Date(timeIntervalSince1970: 1_729_994_400)))  // 03:00+01:00
        #expect(!TimeZone.copenhagen.isAmbiguous(Date(timeIntervalSince1970: 1_711_848_600)))
        // An offset written with the time wins over the zone.
        #expect(Timestamp.parse("2024-10-27T02:30:00+01:00")?.date(in: .copenhagen) == Date(timeIntervalSince1970: 1_729_992_600))
    }

    /// The forms in use: plugins' milliseconds, CSV's offset, the API's wall clock.
    @Test func presetsAndFractions() {
        let leapDay = Date(timeIntervalSince1970: 951_782_400.25)
        let milliseconds = ISO8601Format(fraction: .fixed(3), zone: .zOrOffset)
        #expect(milliseconds.string(leapDay, in: .copenhagen) == "2000-02-29T01:00:00.250+01:00")
        #expect(milliseconds.string(Date(timeIntervalSince1970: 0), in: .utc) == "1970-01-01T00:00:00Z")
        #expect(ISO8601Format.withOffset.string(leapDay, in: .utc) == "2000-02-29T00:00:00+00:00")
        #expect(ISO8601Format(separator: " ", seconds: false, zone: .none).string(leapDay, in: .copenhagen) == "2000-02-29 01:00")
        #expect(ISO8601Format.utc.string(leapDay, in: .utc) == "2000-02-29T00:00:00.25Z")
        let instant = Date(timeIntervalSince1970: 1_729_981_800)
        #expect(ISO8601.utcString(instant) == "2024-10-26T22:30:00Z")
        #expect(ISO8601.string(instant, in: .copenhagen) == "2024-10-27T00:30:00+02:00")
    }

    @Test func instantsNeedAZone() {
        #expect(ISO8601.instant("2024-01-01 00:00Z") == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(ISO8601.instant("2024-01-01T01:00:00+0100") == Date(timeIntervalSince1970: 1_704_067_200))
        for bad in ["2024-01-01T00:00:00", "2024-01-01", "2024-13-01T00:00Z", "2024-01-01T24:00Z", "2024-01-01T00:00Zjunk", "yesterday"] {
            #expect(ISO8601.instant(bad) == nil, "\(bad)")
        }
    }
}
