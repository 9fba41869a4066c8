import Basics
import Foundation
import Tabular

/// Wall-clock arithmetic in one time zone, fast enough to run per row:
/// calendar parts (`hour`, `weekday`, `month` …) and period starts (`bin`).
///
/// Foundation's Calendar costs microseconds per call; here a zone's UTC
/// offset is looked up once per 15-minute slot (every real zone changes its
/// offset on a quarter hour) and the civil date comes from integer
/// arithmetic. Not thread-safe: each compiled expression has its own.
public final class LocalCalendar: @unchecked Sendable {
    public let timeZone: TimeZone
    private var offsets: [Int64: Int] = [:]
    private var dayStarts: [Int: Date] = [:]

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Date) -> Int {
        let seconds = LocalCalendar.clamped(instant.timeIntervalSince1970)
        let slot = Int64((seconds / 900).rounded(.down))
        if let known = offsets[slot] { return known }
        if offsets.count > 500_000 { offsets.removeAll(keepingCapacity: true) }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(slot) * 900))
        offsets[slot] = offset
        return offset
    }

    /// The local day (days since 1970-01-01) and the second of that day of `instant`.
    public func local(_ instant: Date) -> (days: Int, second: Int) {
        let t = LocalCalendar.clamped(instant.timeIntervalSince1970)
        let seconds = Int(t.rounded(.down)) + offset(at: instant)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (days, seconds - days * 86_400)
    }

    /// The calendar day of `instant` in the zone.
    public func day(of instant: Date) -> Day {
        Self.day(fromDays: local(instant).days)
    }

    /// The first instant of local day `days` (days since 1970-01-01).
    public func start(ofDays days: Int) -> Date {
        if let known = dayStarts[days] { return known }
        if dayStarts.count > 100_000 { dayStarts.removeAll(keepingCapacity: true) }
        let start = Self.day(fromDays: days).start(in: timeZone)
        dayStarts[days] = start
        return start
    }

    // MARK: Days as numbers

    public static func days(of day: Day) -> Int { day.daysSinceEpoch }

    public static func day(fromDays days: Int) -> Day { Day(daysSinceEpoch: days) }

    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public static func weekday(days: Int) -> Int { CivilDate.weekday(days: days) }

    /// ISO 8601 week number (1–53): the week of the year that holds its Thursday.
    public static func isoWeek(days: Int) -> Int {
        let thursday = days - weekday(days: days) + 4
        let year = CivilDate.date(fromDays: thursday).year
        let firstOfYear = CivilDate.daysSinceEpoch(year: year, month: 1, day: 1)
        return (thursday - firstOfYear) / 7 + 1
    }

    static func clamped(_ t: Double) -> Double { Timestamp.clampedSeconds(t) }
}
