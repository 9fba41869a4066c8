import Foundation

/// A calendar day with no time of day and no zone, e.g. 2024-10-27.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day that contains `instant` in `timeZone`, in the proleptic
    /// Gregorian calendar (as PostgreSQL counts days; Foundation's Gregorian
    /// calendar switches to the Julian one before 1582-10-15).
    public init(containing instant: Date, in timeZone: TimeZone) {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        let c = CivilDate.date(fromDays: Int((local / 86_400).rounded(.down)))
        self.init(year: c.year, month: c.month, day: c.day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilDate.daysSinceEpoch(year: year, month: month, day: day) }

    /// `YYYY-MM-DD` (a year beyond 9999 or before 0 as it is); built by hand:
    /// rollups write thousands of days.
    public var description: String {
        guard (0...9999).contains(year) else { return "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))" }
        let digits: [UInt8] = [
            UInt8(48 + year / 1000), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10), UInt8(48 + year % 10), 45,
            UInt8(48 + month / 10 % 10), UInt8(48 + month % 10), 45, UInt8(48 + day / 10 % 10), UInt8(48 + day % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : "\(value)"
    }

    /// Midnight at the start of this day in `timeZone` (proleptic Gregorian).
    public func start(in timeZone: TimeZone) -> Date {
        let local = Double(daysSinceEpoch) * 86_400
        // The zone's offset at that instant, found from the offset at local midnight read as UTC.
        let guess = local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        return Date(timeIntervalSince1970: local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }

    /// Midnight at the start of this day in UTC.
    public var startInUTC: Date { start(in: TimeZone(identifier: "UTC")!) }

    /// The next calendar day.
    public var next: Day {
        if day < Day.daysIn(month: month, year: year) { return Day(year: year, month: month, day: day + 1) }
        if month < 12 { return Day(year: year, month: month + 1, day: 1) }
        return Day(year: year + 1, month: 1, day: 1)
    }

    /// Hours in this day in `timeZone`: 23, 24 or 25 around daylight saving changes.
    public func hours(in timeZone: TimeZone) -> Int {
        Int((next.start(in: timeZone).timeIntervalSince(start(in: timeZone)) / 3600).rounded())
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        CivilDate.daysIn(month: month, year: year)
    }
}

extension TimeZone {
    /// The market's time zone: Danish days and the default for display.
    public static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!
    public static let utc = TimeZone(identifier: "UTC")!
}
