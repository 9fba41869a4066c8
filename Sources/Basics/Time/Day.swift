import Foundation

/// A calendar day with no time of day and no zone, e.g. 2024-10-27: a Danish
/// day of the daily rollup, a `date` cell of PostgreSQL, a `since=` argument.
/// Proleptic Gregorian (see `CivilDate`); year 0 is 1 BC.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `daysSinceEpoch` days after 1970-01-01 (before, when negative).
    public init(daysSinceEpoch days: Int) {
        (year, month, day) = CivilDate.date(fromDays: days)
    }

    /// Parses `YYYY-MM-DD` exactly; nil when it is not a real date.
    public init?(_ text: some StringProtocol) {
        let parsed: Day? = ISO8601Scanner.scanning(text) { scanner in
            guard let (y, m, d) = scanner.date(), scanner.isAtEnd, CivilDate.isValid(year: y, month: m, day: d) else { return nil }
            return Day(year: y, month: m, day: d)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The day that contains `instant` in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: instant)
        let local = Timestamp.clampedSeconds(instant.timeIntervalSince1970).rounded(.down) + Double(offset)
        self.init(daysSinceEpoch: CivilDate.floorDivide(Int(local), 86_400))
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilDate.daysSinceEpoch(year: year, month: month, day: day) }

    /// `YYYY-MM-DD`; a year before 0 or after 9999 as it is (`-0044-03-15`, `12024-01-01`).
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        ISO8601Format.appendDate(year: year, month: month, day: day, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first instant of this day in `timeZone`: local midnight, or when a
    /// daylight-saving change skips midnight, the first time the day has.
    public func start(in timeZone: TimeZone) -> Date {
        Timestamp.instant(localSeconds: Int64(daysSinceEpoch) * 86_400, in: timeZone)
    }

    /// Midnight at the start of this day in UTC.
    public var startInUTC: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    /// The next calendar day.
    public var next: Day {
        if day < CivilDate.daysIn(month: month, year: year) { return Day(year: year, month: month, day: day + 1) }
        if month < 12 { return Day(year: year, month: month + 1, day: 1) }
        return Day(year: year + 1, month: 1, day: 1)
    }

    /// Hours in this day in `timeZone`: 23, 24 or 25 around daylight-saving changes.
    public func hours(in timeZone: TimeZone) -> Int {
        Int((next.start(in: timeZone).timeIntervalSince(start(in: timeZone)) / 3600).rounded())
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
