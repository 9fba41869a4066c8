import Foundation
import Tabular

/// A date and time of day as written in Energi Data Service data, with the
/// zone offset when one was written. Parsing and formatting are done by hand
/// (no DateFormatter): fast, locale-independent and Sendable.
///
/// Accepted forms: `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS`, `T` instead of
/// the space, optional fractional seconds (`.123`), optional zone `Z`,
/// `±HH:MM`, `±HHMM` or `±HH`. Impossible dates and times (2024-02-30, 24:00,
/// 12:60) are rejected. Without a zone a timestamp is taken as UTC by the
/// `*UTC` fields; `*DK` fields are Danish local time.
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

    /// A timestamp from its parts; nil when they do not make a real date and time.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 nanosecond: Int = 0, utcOffsetSeconds: Int? = nil) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0..<1_000_000_000).contains(nanosecond) else { return nil }
        if let offset = utcOffsetSeconds, abs(offset) >= 86_400 { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The UTC date and time of an instant in seconds since 1970 (offset 0).
    public init(epochSeconds: Int64, nanosecond: Int = 0) {
        let days = Timestamp.floorDiv(epochSeconds, 86_400)
        let secondOfDay = Int(epochSeconds - days * 86_400)
        let (y, m, d) = Timestamp.civil(fromDays: days)
        year = y
        month = m
        day = d
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        self.nanosecond = nanosecond
        utcOffsetSeconds = 0
    }

    /// The UTC date and time of `date`.
    public init(_ date: Date) {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        var nanos = Int(((t - whole) * 1e9).rounded())
        var seconds = Int64(whole)
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; seconds += 1 }
        self.init(epochSeconds: seconds, nanosecond: nanos)
    }

    // MARK: Parsing

    /// Parses one of the accepted forms; nil for anything else.
    public static func parse(_ text: some StringProtocol) -> Timestamp? {
        var text = String(text)
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, 0..<buffer.count)
        }
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Timestamp? {
        var i = range.lowerBound
        let end = range.upperBound
        @inline(__always) func digits(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in 0..<n {
                let b = p[i + k]
                guard isDigit(b) else { return nil }
                v = v * 10 + Int(b &- 0x30)
            }
            i += n
            return v
        }
        @inline(__always) func take(_ b: UInt8) -> Bool {
            guard i < end, p[i] == b else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), take(0x2D), let mo = digits(2), take(0x2D), let d = digits(2) else { return nil }
        guard i < end, p[i] == 0x54 || p[i] == 0x20 || p[i] == 0x74 else { return nil }
        i += 1
        guard let h = digits(2), take(0x3A), let mi = digits(2) else { return nil }
        var s = 0, nanos = 0
        if take(0x3A) {
            guard let sec = digits(2) else { return nil }
            s = sec
            if i < end, p[i] == 0x2E || p[i] == 0x2C {
                i += 1
                var scale = 100_000_000
                let start = i
                while i < end, isDigit(p[i]) {
                    nanos += Int(p[i] &- 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        var offset: Int? = nil
        if i < end {
            if p[i] == 0x5A || p[i] == 0x7A {
                offset = 0
                i += 1
            } else if p[i] == 0x2B || p[i] == 0x2D {
                let sign = p[i] == 0x2D ? -1 : 1
                i += 1
                guard let oh = digits(2), oh <= 23 else { return nil }
                var om = 0
                if i < end {
                    _ = take(0x3A)
                    guard let m = digits(2), m <= 59 else { return nil }
                    om = m
                }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == end else { return nil }
        return Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: nanos, utcOffsetSeconds: offset)
    }

    // MARK: Instants

    /// Seconds since 1970-01-01 UTC; the wall-clock time is taken as UTC when no zone was written.
    public var epochSeconds: Int64 {
        let days = Timestamp.days(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(utcOffsetSeconds ?? 0)
    }

    /// The instant; the wall-clock time is taken as UTC when no zone was written.
    public var date: Date {
        Date(timeIntervalSince1970: Double(epochSeconds) + Double(nanosecond) / 1e9)
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
        let offset = timeZone.secondsFromGMT(for: date)
        let t = Timestamp(epochSeconds: epochSeconds + Int64(offset), nanosecond: nanosecond)
        return Timestamp(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute,
                         second: t.second, nanosecond: t.nanosecond) ?? t
    }

    // MARK: Formatting

    /// The wall-clock time as the API writes it: `2024-08-29T21:00:00` (no zone;
    /// fractional seconds only when not zero).
    public var apiString: String {
        var out = [UInt8](repeating: 0, count: 19)
        Timestamp.format(year, month, day, hour, minute, second, into: &out)
        appendFraction(&out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The instant in UTC with a `Z`: `2024-09-24T23:00:00Z` (the natural-key form).
    public var utcString: String {
        let u = utc
        var out = [UInt8](repeating: 0, count: 19)
        Timestamp.format(u.year, u.month, u.day, u.hour, u.minute, u.second, into: &out)
        u.appendFraction(&out)
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// `2024-09-24T23:00:00Z` for an instant.
    public static func utcString(_ date: Date) -> String { Timestamp(date).utcString }

    /// As written, normalised: API form plus `Z` or `±HH:MM` when a zone was written.
    public var description: String {
        guard let offset = utcOffsetSeconds else { return apiString }
        if offset == 0 { return apiString + "Z" }
        let minutes = abs(offset) / 60
        let hh = minutes / 60, mm = minutes % 60
        return apiString + (offset < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
    }

    private func appendFraction(_ out: inout [UInt8]) {
        guard nanosecond > 0 else { return }
        out.append(0x2E)
        var digits = [UInt8](repeating: 0x30, count: 9)
        var n = nanosecond
        for k in stride(from: 8, through: 0, by: -1) { digits[k] = UInt8(0x30 + n % 10); n /= 10 }
        while digits.last == 0x30 { digits.removeLast() }
        out.append(contentsOf: digits)
    }

    static func format(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, into out: inout [UInt8]) {
        out.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress, buffer.count >= 19 { format(y, mo, d, h, mi, s, into: base) }
        }
    }

    /// Writes `YYYY-MM-DDTHH:MM:SS` (19 bytes) at `out`.
    static func format(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, into out: UnsafeMutablePointer<UInt8>) {
        @inline(__always) func put(_ v: Int, _ at: Int, _ width: Int) {
            var v = Swift.max(v, 0)
            var k = at + width - 1
            while k >= at {
                out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                k -= 1
            }
        }
        put(y, 0, 4); out[4] = 0x2D; put(mo, 5, 2); out[7] = 0x2D; put(d, 8, 2)
        out[10] = 0x54; put(h, 11, 2); out[13] = 0x3A; put(mi, 14, 2); out[16] = 0x3A; put(s, 17, 2)
    }

    // MARK: Calendar arithmetic (Tabular's CivilDate)

    static func daysIn(month: Int, year: Int) -> Int {
        CivilDate.daysIn(month: month, year: year)
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let date = CivilDate.date(fromDays: Int(days))
        return (date.year, date.month, date.day)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

extension TimeZone {
    /// Danish local time, used by the `*DK` fields. Falls back to a fixed
    /// +01:00 if the system has no time-zone database.
    static let danish: TimeZone = TimeZone(identifier: "Europe/Copenhagen") ?? TimeZone(secondsFromGMT: 3600) ?? .current
}
