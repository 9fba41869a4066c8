import Foundation

/// Instants to and from ISO 8601 text in one line each, for the common cases.
/// (`ISO8601Format` and `Timestamp` do the work and take the other cases.)
public enum ISO8601 {
    /// `2024-10-27T01:00:00Z` (whole seconds).
    public static func utcString(_ date: Date) -> String {
        ISO8601Format(zone: .utc).string(date, in: .utc)
    }

    /// `2024-10-27T02:00:00+01:00`: the instant to the second with the zone's offset.
    public static func string(_ date: Date, in timeZone: TimeZone) -> String {
        ISO8601Format.withOffset.string(date, in: timeZone)
    }

    /// The instant that text with a zone names (`2024-10-27T02:00:00+01:00`,
    /// `2024-10-27 01:00Z`, any form `Timestamp.parse` reads); nil without a
    /// zone, since a wall-clock time alone could mean any instant.
    public static func instant(_ text: some StringProtocol) -> Date? {
        guard let stamp = Timestamp.parse(text), stamp.utcOffsetSeconds != nil else { return nil }
        return stamp.date
    }
}
