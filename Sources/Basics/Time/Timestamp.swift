import Foundation

/// A date and time of day as ISO 8601 text writes it, with the UTC offset
/// when one was written: a time of an Energi Data Service record, a time in
/// a query (`since=2024-01-31T12:00`), a cell a plugin wrote, an instant
/// shown in a time zone. Proleptic Gregorian (see `CivilDate`).
///
/// Read with `Timestamp.parse` (see there for the forms), written with
/// `ISO8601Format`. Without an offset it is a wall-clock time: `date` takes
/// it as UTC (as the `*UTC` fields of the API mean it) and `date(in:)` in a
/// zone.
public struct Timestamp: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    public let nanosecond: Int
    /// The offset from UTC written with the time (`+01:00` → 3600); nil when none was written.
    public let utcOffsetSeconds: Int?

    /// A timestamp from its parts; nil when they do not make a real date and
    /// time (years 1 to 9999, hours 0 to 23, no leap second, an offset under a day).
    @inlinable
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 nanosecond: Int = 0, utcOffsetSeconds: Int? = nil) {
        guard (1...9999).contains(year), CivilDate.isValid(year: year, month: month, day: day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0..<1_000_000_000).contains(nanosecond) else { return nil }
        if let offset = utcOffsetSeconds, abs(offset) >= 86_400 { return nil }
        self.init(unchecked: year, month, day, hour, minute, second, nanosecond, utcOffsetSeconds)
    }

    @inlinable
    init(unchecked year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
         _ nanosecond: Int, _ utcOffsetSeconds: Int?) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The wall-clock time `utcOffset` seconds east of UTC at an instant given
    /// in seconds since 1970 (offset 0: UTC), with that offset.
    public init(epochSeconds: Int64, nanosecond: Int = 0, utcOffset: Int = 0) {
        let local = Int(epochSeconds) + utcOffset
        let days = CivilDate.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (y, m, d) = CivilDate.date(fromDays: days)
        self.init(unchecked: y, m, d, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, nanosecond, utcOffset)
    }

    /// The UTC wall-clock time of `date`, to the nanosecond.
    public init(_ date: Date) {
        self.init(date, utcOffset: 0, fractionDigits: 9)
    }

    /// The wall-clock time of `date` in `timeZone`, with the zone's offset at that instant.
    public init(_ date: Date, in timeZone: TimeZone, fractionDigits: Int = 9) {
        self.init(date, utcOffset: timeZone.secondsFromGMT(for: date), fractionDigits: fractionDigits)
    }

    /// The wall-clock time of `date` at `utcOffset`, rounded to `fractionDigits`
    /// digits of a second (0: the whole second it is in, as clocks show).
    /// Instants beyond ±300,000 years are taken at that bound.
    public init(_ date: Date, utcOffset: Int, fractionDigits: Int) {
        let t = Timestamp.clampedSeconds(date.timeIntervalSince1970)
        var whole = t.rounded(.down)
        var nanosecond = 0
        if fractionDigits > 0 {
            let scale = Timestamp.powersOfTen[min(fractionDigits, 9)]
            var units = ((t - whole) * Double(scale)).rounded()
            if units >= Double(scale) { units = 0; whole += 1 }
            nanosecond = Int(units) * (1_000_000_000 / scale)
        }
        self.init(epochSeconds: Int64(whole), nanosecond: nanosecond, utcOffset: utcOffset)
    }

    // MARK: Instants

    /// Seconds since 1970-01-01 UTC; the wall-clock time is taken as UTC when no zone was written.
    @inlinable
    public var epochSeconds: Int64 {
        let days = Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(utcOffsetSeconds ?? 0)
    }

    /// The instant; the wall-clock time is taken as UTC when no zone was written.
    public var date: Date {
        Date(timeIntervalSince1970: Double(epochSeconds) + Double(nanosecond) / 1e9)
    }

    /// The instant meant: with an offset, that instant; without, this
    /// wall-clock time in `timeZone` (see `instant(localSeconds:in:)` for the
    /// times a daylight-saving change skips or repeats).
    public func date(in timeZone: TimeZone) -> Date {
        guard utcOffsetSeconds == nil else { return date }
        let local = Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp.instant(localSeconds: local, in: timeZone).addingTimeInterval(Double(nanosecond) / 1e9)
    }

    /// The same instant as UTC wall-clock time (offset 0; a timestamp without
    /// a zone is already UTC wall-clock time and is returned as is).
    public var utc: Timestamp {
        if utcOffsetSeconds == 0 || utcOffsetSeconds == nil { return self }
        return Timestamp(epochSeconds: epochSeconds, nanosecond: nanosecond)
    }

    /// The same instant as wall-clock time in `timeZone`, without a written zone.
    /// A timestamp without a zone is returned as written (it is already local).
    public func local(in timeZone: TimeZone) -> Timestamp {
        guard utcOffsetSeconds != nil else { return self }
        let t = Timestamp(epochSeconds: epochSeconds, nanosecond: nanosecond, utcOffset: timeZone.secondsFromGMT(for: date))
        return Timestamp(unchecked: t.year, t.month, t.day, t.hour, t.minute, t.second, t.nanosecond, nil)
    }

    /// The instant at which the wall clock of `timeZone` reads `localSeconds`
    /// (seconds since 1970-01-01 00:00 on that clock). As Foundation's calendar
    /// does: a time that a change to summer time skips is moved forward by the
    /// gap (02:30 on the last Sunday of March in Denmark is 03:30+02:00); a
    /// time that the change back repeats is the earlier of the two.
    public static func instant(localSeconds local: Int64, in timeZone: TimeZone) -> Date {
        func offset(_ t: Int64) -> Int64 { Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))) }
        // Zones change their offset at most once in a day: the offsets a day
        // before and after bracket any change near this time.
        let before = offset(local - 86_400), after = offset(local + 86_400)
        let early = local - before, late = local - after
        let earlyHolds = offset(early) == before, lateHolds = offset(late) == after
        let instant: Int64
        switch (earlyHolds, lateHolds) {
        case (true, true): instant = min(early, late)
        case (true, false): instant = early
        case (false, true): instant = late
        case (false, false): instant = early  // skipped: the offset before the change, which lands after the gap
        }
        return Date(timeIntervalSince1970: Double(instant))
    }

    // MARK: Text

    /// As written, normalised: `2024-07-01T12:00:00`, then `Z` or `±HH:MM`
    /// when a zone was written; fractional seconds only when not zero.
    public var description: String { ISO8601Format.written.string(self) }

    /// The wall-clock time as the API writes it: `2024-08-29T21:00:00` (no zone).
    public var apiString: String { ISO8601Format.wallClock.string(self) }

    /// The instant in UTC with a `Z`: `2024-09-24T23:00:00Z` (the natural-key form).
    public var utcString: String { ISO8601Format.utc.string(utc) }

    /// `2024-09-24T23:00:00Z` for an instant (fractional seconds when not zero).
    public static func utcString(_ date: Date) -> String { Timestamp(date).utcString }

    // MARK: Arithmetic

    /// Real data lies well within ±300,000 years; clamping keeps `Int()` of a
    /// huge or non-finite interval from trapping.
    @inlinable
    public static func clampedSeconds(_ t: Double) -> Double {
        t.isFinite ? min(max(t, -1e13), 1e13) : 0
    }

    @usableFromInline static let powersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
}
