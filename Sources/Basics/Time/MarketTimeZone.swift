import Foundation

/// The market's time zone, Europe/Copenhagen: Danish days (the daily
/// rollup, `*DK` fields, `since=` dates) are counted in it, and times are
/// shown in it unless a pipeline says `tz=`. Every Swift use goes through
/// `TimeZone.copenhagen` and every SQL text through `identifier`.
///
/// Without time-zone data for it there is no right answer (a fixed +01:00
/// is wrong half the year), so there is one behaviour: each executable calls
/// `check()` before anything else and stops with `TimeZoneDataError`'s
/// sentence (energiflow: exit status 5). After a passed check `.copenhagen` cannot fail.
public enum MarketTimeZone {
    /// `Europe/Copenhagen`, as Foundation and PostgreSQL name it.
    public static let identifier = "Europe/Copenhagen"

    /// The zone as this system knows it; nil without its data.
    static let loaded = TimeZone(identifier: identifier)

    /// Throws when this system has no data for the zone.
    public static func check() throws(TimeZoneDataError) {
        try check(lookup: { _ in loaded })
    }

    /// `check()` with another look-up than Foundation's (for tests).
    public static func check(lookup: (String) -> TimeZone?) throws(TimeZoneDataError) {
        guard lookup(identifier) != nil else { throw TimeZoneDataError(identifier: identifier) }
    }

    /// The zone. Stops the program with the check's sentence when the data is
    /// missing: a program that reaches this without `check()` is wrong, and
    /// a guessed offset would give plausible wrong days.
    public static var zone: TimeZone {
        guard let loaded else { fatalError(TimeZoneDataError(identifier: identifier).message) }
        return loaded
    }
}

extension TimeZone {
    /// The market's time zone, Europe/Copenhagen (see `MarketTimeZone`).
    public static var copenhagen: TimeZone { MarketTimeZone.zone }

    /// Coordinated Universal Time.
    public static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
}
