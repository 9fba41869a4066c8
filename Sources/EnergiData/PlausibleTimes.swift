import Foundation

/// The event times a record of any Energi Data Service dataset can have:
/// none starts before 1990 (the oldest, ElspotPrices, starts in the late
/// 1990s), and none lies more than a year ahead (day-ahead prices are
/// published a day ahead). A time outside is a typo or a broken producer,
/// and storing it would put a day in a calendar nobody asked for.
public struct PlausibleTimes: Sendable, Hashable {
    /// 1990-01-01T00:00:00Z.
    public static let earliest: Int64 = 631_152_000
    public static let earliestText = "1990-01-01"

    /// The latest time accepted, seconds since 1970.
    public var latest: Int64

    /// Up to a year after `now`.
    public init(now: Date = Date()) {
        latest = Int64(now.timeIntervalSince1970) + 366 * 86_400
    }

    public func contains(epochSeconds: Int64) -> Bool {
        epochSeconds >= Self.earliest && epochSeconds <= latest
    }
}
