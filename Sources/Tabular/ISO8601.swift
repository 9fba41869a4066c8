import Foundation

/// Formatting of instants as ISO 8601 text, without Foundation's formatter
/// classes (which are not Sendable and slow to create).
public enum ISO8601 {
    /// `2024-10-27T01:00:00Z`
    public static func utcString(_ date: Date) -> String {
        String(string(date, in: .utc).dropLast(6)) + "Z"
    }

    /// `2024-10-27T02:00:00+01:00`
    /// (Proleptic Gregorian, as PostgreSQL writes dates.)
    public static func string(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let c = CivilDate.date(fromDays: days)
        let second = local - days * 86_400
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, second / 3600, second / 60 % 60, second % 60)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return base + String(format: "%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }
}
