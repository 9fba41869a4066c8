import Foundation

/// PostgreSQL's ISO text forms of `date` and `timestamp[tz]`, read and written
/// byte by byte (no DateFormatter: this runs for every cell and COPY field).
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
        var scanner = ByteScanner(Array(text.utf8))
        guard let (year, month, day) = scanner.date(),
              scanner.skip(UInt8(ascii: " ")) || scanner.skip(UInt8(ascii: "T")),
              let (hour, minute, second, micros) = scanner.time()
        else { return nil }
        let offset = scanner.offset()
        guard let offset else { return nil }
        let isBC = scanner.eraSuffix()
        guard scanner.isAtEnd, CivilCalendar.isValid(year: isBC ? 1 - year : year, month: month, day: day),
              hour <= 24, minute < 60, second < 61
        else { return nil }
        let days = CivilCalendar.days(year: isBC ? 1 - year : year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
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
        let totalMicros = Int((interval * 1_000_000).rounded())
        var days = totalMicros / 86_400_000_000
        var micros = totalMicros % 86_400_000_000
        if micros < 0 { micros += 86_400_000_000; days -= 1 }
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        appendDate(year: year, month: month, day: day, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        let secondsOfDay = micros / 1_000_000
        appendPadded(secondsOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondsOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondsOfDay % 60, width: 2, to: &bytes)
        var fraction = micros % 1_000_000
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            var width = 6
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
            appendPadded(fraction, width: width, to: &bytes)
        }
        bytes.append(contentsOf: "+00".utf8)
        if year <= 0 { bytes.append(contentsOf: " BC".utf8) }
    }

    static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DD` with the year as PostgreSQL writes it (1 BC is written 0001 with a
    /// ` BC` suffix the caller adds).
    static func appendDate(year: Int, month: Int, day: Int, to bytes: inout [UInt8]) {
        appendPadded(year <= 0 ? 1 - year : year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &bytes)
    }

    /// A non-negative number in decimal, left-padded with zeros to `width`.
    static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        appendDigits(UInt64(value.magnitude), width: width, to: &bytes)
    }

    /// The decimal digits of `magnitude`, left-padded with zeros to `width`, without allocating.
    static func appendDigits(_ magnitude: UInt64, width: Int, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            var rest = magnitude
            repeat {
                digits[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            var padding = width - count
            while padding > 0 { bytes.append(UInt8(ascii: "0")); padding -= 1 }
            while count > 0 { count -= 1; bytes.append(digits[count]) }
        }
    }
}

/// Reads ISO date and time pieces from UTF-8 bytes.
struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Between `minimum` and `maximum` decimal digits, as a number and the count read.
    mutating func number(minimum: Int, maximum: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var count = 0
        while count < maximum, index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            count += 1
        }
        return count >= minimum ? (value, count) : nil
    }

    /// `YYYY-MM-DD`, the year with four or more digits.
    mutating func date() -> (Int, Int, Int)? {
        guard let year = number(minimum: 4, maximum: 9), skip(UInt8(ascii: "-")),
              let month = number(minimum: 2, maximum: 2), skip(UInt8(ascii: "-")),
              let day = number(minimum: 2, maximum: 2)
        else { return nil }
        return (year.value, month.value, day.value)
    }

    /// `HH:MM:SS[.fraction]`; the fraction as microseconds (digits past six dropped).
    mutating func time() -> (Int, Int, Int, Int)? {
        guard let hour = number(minimum: 2, maximum: 2), skip(UInt8(ascii: ":")),
              let minute = number(minimum: 2, maximum: 2), skip(UInt8(ascii: ":")),
              let second = number(minimum: 2, maximum: 2)
        else { return nil }
        var micros = 0
        if skip(UInt8(ascii: ".")) {
            guard let fraction = number(minimum: 1, maximum: 6) else { return nil }
            micros = fraction.value
            for _ in fraction.digits..<6 { micros *= 10 }
            _ = number(minimum: 0, maximum: Int.max)
        }
        return (hour.value, minute.value, second.value, micros)
    }

    /// A UTC offset in seconds east: `+HH`, `+HH:MM`, `+HH:MM:SS`, `+HHMM`, `Z`,
    /// or none (0). nil when an offset starts but is malformed.
    mutating func offset() -> Int? {
        if skip(UInt8(ascii: "Z")) { return 0 }
        let sign: Int
        if skip(UInt8(ascii: "+")) { sign = 1 } else if skip(UInt8(ascii: "-")) { sign = -1 } else { return 0 }
        guard let hours = number(minimum: 2, maximum: 2) else { return nil }
        var seconds = hours.value * 3600
        let colon = skip(UInt8(ascii: ":"))
        if let minutes = number(minimum: 2, maximum: 2) {
            seconds += minutes.value * 60
            if colon, skip(UInt8(ascii: ":")) {
                guard let secs = number(minimum: 2, maximum: 2) else { return nil }
                seconds += secs.value
            }
        } else if colon {
            return nil
        }
        return sign * seconds
    }

    /// A trailing ` BC`.
    mutating func eraSuffix() -> Bool {
        let suffix = Array(" BC".utf8)
        guard bytes.count - index >= suffix.count, Array(bytes[index..<index + suffix.count]) == suffix else { return false }
        index += suffix.count
        return true
    }
}
