import Basics
import Foundation
import Testing
import Tabular
@testable import Render

/// x axis labels: the interval adapts to the span, labels never overlap.
@Suite struct TimeAxisTests {
    static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    /// Local wall time in Copenhagen → seconds since 1970 (via Calendar, not the code under test).
    static func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = copenhagen
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!.timeIntervalSince1970
    }

    static func utcDay(_ y: Int, _ m: Int, _ d: Int) -> Double {
        Day(year: y, month: m, day: d).startInUTC.timeIntervalSince1970
    }

    /// Labels left to right, in bounds, at least three spaces apart.
    static func checkLayout(_ labels: [TimeAxis.Label], columns: Int, leftRoom: Int = 0, rightRoom: Int = 0,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for (a, b) in zip(labels, labels.dropFirst()) {
            #expect(a.time < b.time, sourceLocation: sourceLocation)
            #expect(b.start >= a.start + a.text.count + 3, "\(a.text) and \(b.text) too close", sourceLocation: sourceLocation)
        }
        for label in labels {
            #expect(label.start >= -leftRoom && label.start + label.text.count <= columns + rightRoom, sourceLocation: sourceLocation)
        }
    }

    /// 6 hours over 60 cells (10 per hour): half-hour labels (13 × 5 wide, 3
    /// apart, need 8 per half hour) do not fit, hourly ones do.
    @Test func sixHours() {
        let labels = TimeAxis.labels(from: Self.local(2024, 6, 10, 6), to: Self.local(2024, 6, 10, 12),
                                     kind: .instant(Self.copenhagen), columns: 60, subColumns: 2)
        #expect(labels.map(\.text) == ["06:00", "07:00", "08:00", "09:00", "10:00", "11:00", "12:00"])
        Self.checkLayout(labels, columns: 60)
        // Hour k falls on dot round(k × 119 / 6) of 120 (60 cells of 2 dots): 0, 20, 40, 60, 79, 99, 119.
        #expect(labels.map(\.column) == [0, 10, 20, 30, 39, 49, 59])
    }

    /// Six hours across midnight: the midnight tick names the new day.
    @Test func hoursAcrossMidnight() {
        let labels = TimeAxis.labels(from: Self.local(2024, 6, 10, 21), to: Self.local(2024, 6, 11, 3),
                                     kind: .instant(Self.copenhagen), columns: 60, subColumns: 2)
        #expect(labels.map(\.text) == ["21:00", "22:00", "23:00", "Jun 11", "01:00", "02:00", "03:00"])
        Self.checkLayout(labels, columns: 60)
    }

    /// 10 days over 100 cells: one label a day; 1 September names the month.
    /// The last tick (Sep 11) sits on the right edge: pushed left to stay in
    /// the width it would touch Sep 10, so that one label goes.
    @Test func tenDays() {
        let labels = TimeAxis.labels(from: Self.local(2024, 9, 1), to: Self.local(2024, 9, 11),
                                     kind: .instant(Self.copenhagen), columns: 100, subColumns: 2)
        #expect(labels.map(\.text) == ["Sep", "Sep 2", "Sep 3", "Sep 4", "Sep 5", "Sep 6", "Sep 7", "Sep 8", "Sep 9", "Sep 10"])
        Self.checkLayout(labels, columns: 100)
    }

    /// 10 days at 40 cells (4 per day): neither daily nor two-daily labels
    /// (6 of up to 6 characters, 8 cells apart with 9 needed) fit, so weekly:
    /// Mondays 2 and 9 September 2024.
    @Test func tenDaysNarrow() {
        let labels = TimeAxis.labels(from: Self.local(2024, 9, 1), to: Self.local(2024, 9, 11),
                                     kind: .instant(Self.copenhagen), columns: 40, subColumns: 2)
        Self.checkLayout(labels, columns: 40)
        #expect(labels.map(\.text) == ["Sep 2", "Sep 9"])
    }

    /// 14 months of days over 120 cells (≈ 8.5 per month): monthly labels,
    /// January showing the year.
    @Test func fourteenMonths() {
        let labels = TimeAxis.labels(from: Self.utcDay(2023, 11, 1), to: Self.utcDay(2024, 12, 31),
                                     kind: .day, columns: 120, subColumns: 2)
        #expect(labels.map(\.text) == ["Nov", "Dec", "2024", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        Self.checkLayout(labels, columns: 120)
    }

    /// 8 years over 100 cells: half-year labels (16 of them, ≈ 6 cells each) do not fit; yearly ones do.
    @Test func eightYears() {
        let labels = TimeAxis.labels(from: Self.local(2017, 1, 1), to: Self.local(2024, 12, 31, 23),
                                     kind: .instant(Self.copenhagen), columns: 100, subColumns: 2)
        #expect(labels.map(\.text) == ["2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"])
        Self.checkLayout(labels, columns: 100)
    }

    /// Day columns are labelled as dates whatever the zone; never with hours.
    @Test func daysNeverGetHours() {
        let labels = TimeAxis.labels(from: Self.utcDay(2024, 10, 26), to: Self.utcDay(2024, 10, 28),
                                     kind: .day, columns: 80, subColumns: 2)
        #expect(labels.map(\.text) == ["Oct 26", "Oct 27", "Oct 28"])
    }

    /// The fall-back night at hourly resolution shows 02:00 twice, an hour
    /// apart: midnight to 05:00 is six real hours; at 70 cells (≈ 11.7 per
    /// hour) hourly labels fit and half-hourly ones do not.
    @Test func fallBackHourAppearsTwice() {
        let labels = TimeAxis.labels(from: Self.local(2024, 10, 27, 0), to: Self.local(2024, 10, 27, 5),
                                     kind: .instant(Self.copenhagen), columns: 70, subColumns: 2, leftRoom: 5)
        #expect(labels.map(\.text) == ["Oct 27", "01:00", "02:00", "02:00", "03:00", "04:00", "05:00"])
        let times = labels.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 3600 })
    }

    /// Many spans and widths: labels never overlap, never leave the room given, come in order.
    @Test func neverOverlap() {
        let start = Self.local(2021, 3, 28, 1, 30)
        let spans: [Double] = [600, 3600, 5 * 3600, 86400, 3 * 86400, 17 * 86400, 95 * 86400, 400 * 86400, 3000 * 86400, 40 * 365 * 86400]
        for span in spans {
            for columns in [8, 13, 20, 33, 50, 77, 100, 150, 230] {
                let labels = TimeAxis.labels(from: start, to: start + span, kind: .instant(Self.copenhagen),
                                             columns: columns, subColumns: 2, leftRoom: 5, rightRoom: 0)
                Self.checkLayout(labels, columns: columns, leftRoom: 5)
                if columns >= 20 { #expect(labels.count >= 2, "span \(span) at \(columns) columns has \(labels.map(\.text)) labels") }
            }
        }
    }
}

@Suite struct NiceScaleTests {
    @Test func roundSteps() {
        let s = NiceScale(min: 3, max: 37, maxIntervals: 5)
        #expect(s.ticks == [0, 10, 20, 30, 40])
        #expect(s.labels == ["0", "10", "20", "30", "40"])
    }

    @Test func decimalsFollowTheStep() {
        let s = NiceScale(min: 12.31, max: 12.69, maxIntervals: 4)
        #expect(s.labels == ["12.3", "12.4", "12.5", "12.6", "12.7"])
        let q = NiceScale(min: 0, max: 1, maxIntervals: 4)
        #expect(q.labels == ["0", "0.25", "0.5", "0.75", "1"] || q.labels == ["0", "0.25", "0.50", "0.75", "1.00"])
    }

    @Test func negativeRangeWastesLittle() {
        // July 2023 in DK1: −440.10 … 188. Steps of 250 cover it in −500…250.
        let s = NiceScale(min: -440.1, max: 188, maxIntervals: 6)
        #expect(s.ticks == [-500, -250, 0, 250])
        #expect(s.labels == ["-500", "-250", "0", "250"])
    }

    @Test func largeNumbersGetSuffixes() {
        let s = NiceScale(min: 9_100, max: 38_200, maxIntervals: 6)
        #expect(s.labels == ["0", "10k", "20k", "30k", "40k"])
        let m = NiceScale(min: 0, max: 2_400_000_0, maxIntervals: 5)
        #expect(m.labels.last == "25M")
    }

    @Test func flatSeries() {
        let s = NiceScale(min: 50, max: 50, maxIntervals: 4)
        #expect(s.low < 50 && s.high > 50)
        let z = NiceScale(min: 0, max: 0, maxIntervals: 4)
        #expect(z.low == -1 && z.high == 1)
    }
}
