import Foundation
import Tabular

/// A date and time of day as written: `2024-01-31T12:00`, `2024-01-31T12:00:30`,
/// `2024-01-31T12:00:00.5Z`, `2024-01-31T12:00+01:00`.
///
/// Without a zone it is a wall-clock time whose meaning depends on the
/// pipeline's time zone (`tz=`, default Europe/Copenhagen): use
/// `date(in:)` with that zone. With `Z` or an offset it is one instant.
public struct DateTimeLiteral: Sendable, Hashable, CustomStringConvertible {
    public var day: Day
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Fractional seconds in nanoseconds, 0 ≤ nanosecond < 1_000_000_000.
    public var nanosecond: Int
    /// Seconds east of UTC when the text gave a zone (`Z` is 0); nil for a wall-clock time.
    public var utcOffset: Int?
    /// The text as written.
    public var text: String

    public init(day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0,
                utcOffset: Int? = nil, text: String) {
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.utcOffset = utcOffset
        self.text = text
    }

    /// Midnight at the start of `day`, without a zone (what `since=2024-01-31` means).
    public init(startOf day: Day) {
        self.init(day: day, text: day.description)
    }

    public var hasZone: Bool { utcOffset != nil }

    /// The instant meant: with a zone, that instant; without, this wall-clock
    /// time in `timeZone`. A wall-clock time that a daylight-saving change
    /// skips is moved forward by the gap, as Foundation's calendar does.
    public func date(in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        if let offset = utcOffset {
            guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
            calendar.timeZone = zone
        } else {
            calendar.timeZone = timeZone
        }
        let components = DateComponents(year: day.year, month: day.month, day: day.day,
                                         hour: hour, minute: minute, second: second)
        return calendar.date(from: components).map { $0.addingTimeInterval(Double(nanosecond) / 1e9) }
    }

    /// `2024-01-31T12:00:00` plus `Z`, `+01:00` or nothing: a normalised form for dumps.
    public var normalized: String {
        var s = day.description + "T" + Self.two(hour) + ":" + Self.two(minute) + ":" + Self.two(second)
        if nanosecond > 0 {
            var digits = String(nanosecond)
            digits = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            s += "." + digits
        }
        if let offset = utcOffset {
            if offset == 0 { return s + "Z" }
            let minutes = abs(offset) / 60
            s += (offset < 0 ? "-" : "+") + Self.two(minutes / 60) + ":" + Self.two(minutes % 60)
        }
        return s
    }

    public var description: String { text }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
