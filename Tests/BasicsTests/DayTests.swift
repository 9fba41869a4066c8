import Basics
import Foundation
import Testing

@Suite struct DayTests {
    @Test func parsesRealDatesOnly() {
        #expect(Day("2024-02-29") == Day(year: 2024, month: 2, day: 29))
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2024-13-01") == nil)
        #expect(Day("24-01-01") == nil)
    }

    @Test func danishDaysHave23To25Hours() {
        #expect(Day("2024-03-31")!.hours(in: .copenhagen) == 23)
        #expect(Day("2024-10-27")!.hours(in: .copenhagen) == 25)
        #expect(Day("2024-06-01")!.hours(in: .copenhagen) == 24)
    }

    @Test func dayContainingAnInstantUsesTheZone() {
        // 2024-10-26 22:30 UTC is 00:30 on the 27th in Copenhagen (summer time, +2).
        let instant = Date(timeIntervalSince1970: 1_729_981_800)
        #expect(Day(containing: instant, in: .copenhagen) == Day("2024-10-27"))
        #expect(Day(containing: instant, in: .utc) == Day("2024-10-26"))
    }

    /// Proleptic Gregorian days, as PostgreSQL counts them (Foundation's
    /// Gregorian calendar turns Julian before 1582-10-15).
    @Test func daysBeforeTheGregorianReformAreProleptic() {
        // Seconds since 1970 of midnight UTC, from PostgreSQL: extract(epoch from date 'X').
        let cases: [(Double, String)] = [(-62_135_596_800, "0001-01-01"), (-14_785_977_600, "1501-06-15"),
                                         (-12_219_379_200, "1582-10-14"), (-12_219_206_400, "1582-10-16")]
        for (seconds, text) in cases {
            let instant = Date(timeIntervalSince1970: seconds)
            #expect(Day(containing: instant, in: .utc) == Day(text), "\(text)")
            #expect(Day(text)?.start(in: .utc) == instant, "\(text)")
            #expect(ISO8601.utcString(instant) == text + "T00:00:00Z")
        }
    }

    @Test func startOfADanishDayAcrossDST() {
        #expect(Day("2024-03-31")!.start(in: .copenhagen) == Date(timeIntervalSince1970: 1_711_839_600))  // 23:00Z the day before
        #expect(Day("2024-10-27")!.start(in: .copenhagen) == Date(timeIntervalSince1970: 1_729_980_000))  // 22:00Z the day before
    }

    @Test func nextCrossesMonthAndYear() {
        #expect(Day("2024-12-31")!.next == Day("2025-01-01"))
        #expect(Day("2024-02-28")!.next == Day("2024-02-29"))
    }
}

@Suite struct DayTextTests {
    @Test func writesTheISOForm() {
        #expect(Day(year: 2024, month: 2, day: 9).description == "2024-02-09")
        #expect(Day(year: 987, month: 12, day: 31).description == "0987-12-31")
        #expect(Day(year: 12024, month: 1, day: 1).description == "12024-01-01")
        // Every day of a leap year reads back as itself.
        var day = Day(year: 2024, month: 1, day: 1)
        for _ in 0..<366 {
            #expect(Day(day.description) == day)
            day = day.next
        }
    }
}
