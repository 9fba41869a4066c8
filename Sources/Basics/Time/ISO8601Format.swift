import Foundation

/// How a date and time is written as ISO 8601 text: `2024-10-27T02:00:00+01:00`
/// and its variants. Every time EnergiFlow writes goes through here; the
/// presets name the forms in use. Built byte by byte (no DateFormatter: it
/// is slow, not Sendable, and follows the locale).
public struct ISO8601Format: Sendable, Hashable {
    /// What is written after the time.
    public enum Zone: Sendable, Hashable {
        /// Nothing: a wall-clock time.
        case none
        /// `Z` whatever the offset (for times already in UTC).
        case utc
        /// `Z` for offset 0, else `±HH:MM`; nothing when no offset is known.
        case zOrOffset
        /// `±HH:MM` always (`+00:00` in UTC); nothing when no offset is known.
        case offset
    }

    /// The fraction of a second.
    public enum Fraction: Sendable, Hashable {
        case none
        /// Up to `n` digits, trailing zeros dropped; none for a whole second.
        case trimmed(Int)
        /// Exactly `n` digits; none for a whole second.
        case fixed(Int)

        var digits: Int {
            switch self {
            case .none: 0
            case .trimmed(let n), .fixed(let n): n
            }
        }
    }

    /// `T` or a space between the date and the time.
    public var separator: UInt8
    /// Write `:SS` (and the fraction); false writes `HH:MM`.
    public var seconds: Bool
    public var fraction: Fraction
    public var zone: Zone

    public init(separator: Character = "T", seconds: Bool = true, fraction: Fraction = .none, zone: Zone) {
        self.separator = separator.asciiValue ?? 0x54
        self.seconds = seconds
        self.fraction = fraction
        self.zone = zone
    }

    /// `2024-07-01T12:00:00.5+02:00`, `…Z` or without a zone: a timestamp as it was written.
    public static let written = ISO8601Format(fraction: .trimmed(9), zone: .zOrOffset)
    /// `2024-08-29T21:00:00`: the API's wall-clock form.
    public static let wallClock = ISO8601Format(fraction: .trimmed(9), zone: .none)
    /// `2024-09-24T23:00:00Z`: an instant in UTC (natural keys, messages).
    public static let utc = ISO8601Format(fraction: .trimmed(9), zone: .utc)
    /// `2024-10-27T02:00:00+01:00`: an instant in a zone, to the second (CSV and JSON output).
    public static let withOffset = ISO8601Format(zone: .offset)

    // MARK: Writing

    /// The text of `timestamp`, its fields as they are.
    public func string(_ timestamp: Timestamp) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(35)
        append(timestamp, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of the instant `date` in `timeZone`, rounded to the fraction's
    /// digits (with no fraction, the second it is in).
    public func string(_ date: Date, in timeZone: TimeZone) -> String {
        string(Timestamp(date, in: timeZone, fractionDigits: fraction.digits))
    }

    public func append(_ t: Timestamp, to bytes: inout [UInt8]) {
        append(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second,
               nanosecond: t.nanosecond, utcOffset: t.utcOffsetSeconds, to: &bytes)
    }

    /// Writes the fields as they are given (Postgres writes years BC its own way).
    public func append(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                       nanosecond: Int, utcOffset: Int?, to bytes: inout [UInt8]) {
        Self.appendDate(year: year, month: month, day: day, to: &bytes)
        bytes.append(separator)
        DecimalDigits.append(hour, width: 2, to: &bytes)
        bytes.append(0x3A)
        DecimalDigits.append(minute, width: 2, to: &bytes)
        if seconds {
            bytes.append(0x3A)
            DecimalDigits.append(second, width: 2, to: &bytes)
            appendFraction(nanosecond, to: &bytes)
        }
        switch zone {
        case .none: break
        case .utc: bytes.append(0x5A)
        case .zOrOffset:
            guard let offset = utcOffset else { break }
            if offset == 0 { bytes.append(0x5A) } else { Self.appendOffset(offset, to: &bytes) }
        case .offset:
            if let offset = utcOffset { Self.appendOffset(offset, to: &bytes) }
        }
    }

    private func appendFraction(_ nanosecond: Int, to bytes: inout [UInt8]) {
        let digits = fraction.digits
        guard digits > 0 else { return }
        var units = nanosecond / Timestamp.powersOfTen[9 - min(digits, 9)]
        guard units > 0 else { return }
        var width = min(digits, 9)
        if case .trimmed = fraction {
            while units % 10 == 0 { units /= 10; width -= 1 }
        }
        bytes.append(0x2E)
        DecimalDigits.append(units, width: width, to: &bytes)
    }

    /// Writes `YYYY-MM-DDTHH:MM:SS` (19 bytes, years 0 to 9999) at `out`: the
    /// fast path for writers that fill a buffer of their own (natural keys).
    @inlinable
    public static func write19(_ t: Timestamp, to out: UnsafeMutablePointer<UInt8>) {
        @inline(__always) func put(_ v: Int, _ at: Int, _ width: Int) {
            var v = Swift.max(v, 0)
            var k = at + width - 1
            while k >= at {
                out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                k -= 1
            }
        }
        put(t.year, 0, 4); out[4] = 0x2D; put(t.month, 5, 2); out[7] = 0x2D; put(t.day, 8, 2)
        out[10] = 0x54; put(t.hour, 11, 2); out[13] = 0x3A; put(t.minute, 14, 2); out[16] = 0x3A; put(t.second, 17, 2)
    }

    /// `YYYY-MM-DD`: the year in four digits or more, with a `-` before 0.
    public static func appendDate(year: Int, month: Int, day: Int, to bytes: inout [UInt8]) {
        if year < 0 { bytes.append(0x2D) }
        DecimalDigits.append(abs(year), width: 4, to: &bytes)
        bytes.append(0x2D)
        DecimalDigits.append(month, width: 2, to: &bytes)
        bytes.append(0x2D)
        DecimalDigits.append(day, width: 2, to: &bytes)
    }

    /// `+01:00`, `-05:30` (seconds of an offset are not written).
    public static func appendOffset(_ offset: Int, to bytes: inout [UInt8]) {
        let minutes = abs(offset) / 60
        bytes.append(offset < 0 ? 0x2D : 0x2B)
        DecimalDigits.append(minutes / 60, width: 2, to: &bytes)
        bytes.append(0x3A)
        DecimalDigits.append(minutes % 60, width: 2, to: &bytes)
    }
}
