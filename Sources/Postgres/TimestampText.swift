import Basics
import Foundation

/// PostgreSQL's ISO text of `timestamp[tz]`, read and written with Basics'
/// ISO 8601 pieces (this runs for every cell and COPY field).
///
/// Written: `2024-03-31 01:00:00.25+00` (UTC, microseconds when not whole).
/// Read: the server's output under `DateStyle=ISO` in any session time zone:
/// fractional seconds, offsets `+02`, `+05:30`, `-00:50:20` (old local mean
/// times), ` BC`, years past 9999, and `infinity`/`-infinity`.
enum TimestampText {
    /// The instant a `timestamptz` text names; a `timestamp` without a zone is read as UTC.
    /// `infinity` and `-infinity` become `Date.distantFuture` and `.distantPast`.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        return ISO8601Scanner.scanning(text) { scanner -> Date? in
            guard let (year, month, day) = scanner.date(yearDigits: 4...9), scanner.dateTimeSeparator(),
                  let (hour, minute, second, nanosecond) = scanner.time() else { return nil }
            let offset: Int
            switch scanner.offset(seconds: true) {
            case .none: offset = 0
            case .seconds(let seconds): offset = seconds
            case .malformed: return nil
            }
            let isBC = eraSuffix(&scanner)
            let astronomical = isBC ? 1 - year : year
            guard scanner.isAtEnd, CivilDate.isValid(year: astronomical, month: month, day: day),
                  hour <= 24, minute < 60, second < 61 else { return nil }
            let days = CivilDate.daysSinceEpoch(year: astronomical, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
            // To the microsecond, as the server holds it.
            return Date(timeIntervalSince1970: Double(seconds) + Double(nanosecond / 1000) / 1_000_000)
        }
    }

    /// Appends `date` as `YYYY-MM-DD HH:MM:SS[.ffffff]+00[ BC]`, rounded to the microsecond.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        // Beyond PostgreSQL's range (4713 BC ... 294276 AD) there is no timestamp;
        // distantPast/distantFuture (year 1/4001) are inside it and stay exact.
        guard interval.isFinite, abs(interval) < 9.2e12 else {
            bytes.append(contentsOf: (interval < 0 ? "-infinity" : "infinity").utf8)
            return
        }
        let t = Timestamp(date, utcOffset: 0, fractionDigits: 6)
        format.append(year: t.year <= 0 ? 1 - t.year : t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute,
                      second: t.second, nanosecond: t.nanosecond, utcOffset: nil, to: &bytes)
        bytes.append(contentsOf: "+00".utf8)
        if t.year <= 0 { bytes.append(contentsOf: " BC".utf8) }
    }

    static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2024-03-31 01:00:00.25`; the caller writes the zone.
    static let format = ISO8601Format(separator: " ", fraction: .trimmed(6), zone: .none)

    /// Consumes a trailing ` BC`.
    static func eraSuffix(_ scanner: inout ISO8601Scanner) -> Bool {
        let start = scanner.position
        if scanner.skip(0x20), scanner.skip(0x42), scanner.skip(0x43) { return true }
        scanner.position = start
        return false
    }
}
