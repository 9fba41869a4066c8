import Basics
import Foundation

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

    /// The date and time as Basics reads and writes it (nil for a year
    /// outside 1 to 9999, which a literal cannot have).
    public var timestamp: Timestamp? {
        Timestamp(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second,
                  nanosecond: nanosecond, utcOffsetSeconds: utcOffset)
    }

    /// The instant meant: with a zone, that instant; without, this wall-clock
    /// time in `timeZone`. A wall-clock time that a daylight-saving change
    /// skips is moved forward by the gap; one it repeats is the earlier.
    public func date(in timeZone: TimeZone) -> Date? {
        let local = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let instant = utcOffset.map { Date(timeIntervalSince1970: Double(local - Int64($0))) }
            ?? Timestamp.instant(localSeconds: local, in: timeZone)
        return instant.addingTimeInterval(Double(nanosecond) / 1e9)
    }

    /// `2024-01-31T12:00:00` plus `Z`, `+01:00` or nothing: a normalised form for dumps.
    public var normalized: String {
        timestamp?.description ?? text
    }

    public var description: String { text }

}
