import Basics
import Foundation
import Tabular

/// The period of `bin(t, PERIOD)`: the start of the period that holds t,
/// aligned to the calendar of the pipeline's time zone.
///
/// - Up to a day (`15m`, `1h`, `6h`): a length that divides a day, counted
///   in fixed lengths from local midnight of 2000-01-03 (a Monday), so
///   hours and quarter hours start on the clock's hours and quarters.
/// - `1d`, `1w` (ISO weeks start on Monday), `1mo`, `3mo` (quarters), `1y`:
///   calendar periods starting at local midnight, however long the day
///   (23, 24 or 25 hours).
public enum CalendarPeriod: Sendable, Hashable, CustomStringConvertible {
    case fixed(seconds: Int64)
    case day, week, month, quarter, year

    /// The periods `bin` accepts, for messages.
    public static let accepted = "15m, 30m, 1h, 2h, 3h, 6h, 12h (any length that divides a day), 1d, 1w, 1mo, 3mo or 1y"

    /// The period a duration literal means, or nil when `bin` cannot use it.
    public init?(_ duration: DurationLiteral) {
        guard duration.parts.count == 1, duration.seconds > 0 else { return nil }
        let part = duration.parts[0]
        switch (part.unit, part.amount) {
        case (.day, 1): self = .day
        case (.week, 1): self = .week
        case (.month, 1): self = .month
        case (.month, 3): self = .quarter
        case (.year, 1): self = .year
        case (.second, _), (.minute, _), (.hour, _):
            let seconds = duration.seconds
            guard seconds >= 60, seconds <= 86_400, 86_400 % seconds == 0 else { return nil }
            self = .fixed(seconds: seconds)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fixed(let seconds): return seconds % 3600 == 0 ? "\(seconds / 3600)h" : "\(seconds / 60)m"
        case .day: return "1d"
        case .week: return "1w"
        case .month: return "1mo"
        case .quarter: return "3mo"
        case .year: return "1y"
        }
    }

    /// Whether it also applies to days (a calendar period of a day or more).
    public var appliesToDays: Bool {
        if case .fixed = self { return false }
        return true
    }

    /// The instant fixed periods count from: local midnight of 2000-01-03 in `zone`.
    public static func origin(in zone: TimeZone) -> Date {
        Day(year: 2000, month: 1, day: 3).start(in: zone)
    }

    /// The start of the period holding `instant`.
    public func start(of instant: Date, calendar: LocalCalendar, origin: Date) -> Date {
        switch self {
        case .fixed(let seconds):
            let size = Double(seconds)
            let since = instant.timeIntervalSince(origin)
            return origin.addingTimeInterval((since / size).rounded(.down) * size)
        default:
            return calendar.start(ofDays: LocalCalendar.days(of: start(of: calendar.day(of: instant))))
        }
    }

    /// The first day of the period holding `day` (calendar periods only; a day for fixed ones).
    public func start(of day: Day) -> Day {
        switch self {
        case .fixed, .day: return day
        case .week:
            let days = LocalCalendar.days(of: day)
            return LocalCalendar.day(fromDays: days - LocalCalendar.weekday(days: days) + 1)
        case .month: return Day(year: day.year, month: day.month, day: 1)
        case .quarter: return Day(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)
        case .year: return Day(year: day.year, month: 1, day: 1)
        }
    }

    /// PostgreSQL's name of a calendar period for date_trunc.
    var truncation: String {
        switch self {
        case .fixed, .day: return "day"
        case .week: return "week"
        case .month: return "month"
        case .quarter: return "quarter"
        case .year: return "year"
        }
    }
}
