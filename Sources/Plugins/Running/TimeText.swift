import Foundation
import Tabular

/// ISO 8601 text for instants and days, both ways, with plain arithmetic
/// (no Calendar per value: rows go through here by the hundred thousand).
enum TimeText {
    /// `2024-10-27T02:00:00+01:00`: the instant in `timeZone` with its offset;
    /// milliseconds only when the instant has a fraction of a second.
    static func string(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        var seconds = Int64(whole) + Int64(offset)
        let millis = Int(((t - whole) * 1000).rounded())
        var days = seconds / 86_400
        seconds -= days * 86_400
        if seconds < 0 { seconds += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(Int(seconds / 3600), 2) + ":"
            + pad(Int(seconds % 3600 / 60), 2) + ":" + pad(Int(seconds % 60), 2)
        if millis > 0 && millis < 1000 { s += "." + pad(millis, 3) }
        if offset == 0 { return s + "Z" }
        let a = abs(offset) / 60
        return s + (offset < 0 ? "-" : "+") + pad(a / 60, 2) + ":" + pad(a % 60, 2)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or an offset
    /// (`+01:00`, `+0100`, `+01`); a space may stand for `T`. Nil without a
    /// zone: a time without one could mean any instant.
    static func instant(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 17, let day = Day(String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t") else { return nil }
        var i = 11
        func two() -> Int? {
            guard i + 2 <= b.count, let x = digit(b[i]), let y = digit(b[i + 1]) else { return nil }
            i += 2
            return x * 10 + y
        }
        guard let hour = two(), hour < 24, i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = two(), minute < 60 else { return nil }
        var second = 0
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let s = two(), s < 61 else { return nil }
            second = s
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                let start = i
                while i < b.count, let d = digit(b[i]) { fraction += Double(d) * scale; scale /= 10; i += 1 }
                guard i > start else { return nil }
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = two(), oh < 24 else { return nil }
            var om = 0
            if i < b.count {
                if b[i] == UInt8(ascii: ":") { i += 1 }
                guard let m = two(), m < 60 else { return nil }
                om = m
            }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(day.year, day.month, day.day)
        let local = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// `2024-10-27` strictly (ten characters, a real date).
    static func day(_ text: String) -> Day? {
        text.utf8.count == 10 ? Day(text) : nil
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let date = CivilDate.date(fromDays: Int(days))
        return (date.year, date.month, date.day)
    }

    private static func digit(_ b: UInt8) -> Int? {
        b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
