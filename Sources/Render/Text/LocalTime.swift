import Foundation
import Tabular

/// Wall-clock fields of an instant in a time zone, computed with integer
/// arithmetic from the zone's offset (Calendar is slow for 100,000 cells).
struct LocalTime: Equatable {
    var year: Int, month: Int, day: Int
    var hour: Int, minute: Int, second: Int
    /// Seconds east of UTC at this instant (3600 for CET, 7200 for CEST).
    var offset: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, offset: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.offset) =
            (year, month, day, hour, minute, second, offset)
    }

    init(_ date: Date, in timeZone: TimeZone, offsets: OffsetCache? = nil) {
        let offset = offsets?.offset(at: date) ?? timeZone.secondsFromGMT(for: date)
        // Clamp to ±300,000 years: far beyond real data, and Int() of a huge
        // or non-finite Double would trap.
        let t = date.timeIntervalSince1970
        let seconds = Int(floor(t.isFinite ? min(max(t, -LocalTime.limit), LocalTime.limit) : 0)) + offset
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (y, m, d) = LocalTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                  second: secondOfDay % 60, offset: offset)
    }

    /// Year, month, day of a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let date = CivilDate.date(fromDays: days)
        return (date.year, date.month, date.day)
    }

    /// Days since 1970-01-01 of a civil date (inverse of `civil(fromDays:)`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        CivilDate.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// `2024-10-27 02:00`, with `:ss` and `+01:00` when asked.
    func text(seconds: Bool, offset showOffset: Bool) -> String {
        var s = LocalTime.pad4(year) + "-" + LocalTime.pad2(month) + "-" + LocalTime.pad2(day)
            + " " + LocalTime.pad2(hour) + ":" + LocalTime.pad2(minute)
        if seconds { s += ":" + LocalTime.pad2(second) }
        if showOffset { s += offsetText }
        return s
    }

    /// `+01:00`, `-05:30`.
    var offsetText: String {
        let minutes = abs(offset) / 60
        return (offset < 0 ? "-" : "+") + LocalTime.pad2(minutes / 60) + ":" + LocalTime.pad2(minutes % 60)
    }

    /// ISO 8601 with offset: `2024-10-27T02:00:00+01:00` (same as Tabular's `ISO8601.string`).
    var iso8601: String {
        LocalTime.pad4(year) + "-" + LocalTime.pad2(month) + "-" + LocalTime.pad2(day) + "T"
            + LocalTime.pad2(hour) + ":" + LocalTime.pad2(minute) + ":" + LocalTime.pad2(second) + offsetText
    }

    /// Whether the wall-clock time of `date` also names another instant in
    /// `timeZone` (the repeated hour when clocks fall back).
    static func isAmbiguous(_ date: Date, in timeZone: TimeZone) -> Bool {
        let offset = timeZone.secondsFromGMT(for: date)
        for probe in [-10800.0, 10800.0] {
            let other = timeZone.secondsFromGMT(for: date.addingTimeInterval(probe))
            guard other != offset else { continue }
            // The instant that would show the same wall time under the other offset.
            let twin = date.addingTimeInterval(TimeInterval(offset - other))
            if timeZone.secondsFromGMT(for: twin) == other { return true }
        }
        return false
    }

    static let limit = 1e13

    static func pad2(_ v: Int) -> String { v < 10 && v >= 0 ? "0" + String(v) : String(v) }
    static func pad4(_ v: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

/// A zone's UTC offsets looked up once per 15-minute slot (every real zone
/// changes its offset on a quarter hour): formatting a million times costs
/// a dictionary look-up each instead of a Foundation call.
final class OffsetCache: @unchecked Sendable {
    let timeZone: TimeZone
    private let lock = NSLock()
    private var offsets: [Int64: Int] = [:]

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    func offset(at date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < LocalTime.limit else { return timeZone.secondsFromGMT(for: date) }
        let slot = Int64((t / 900).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        if let known = offsets[slot] { return known }
        if offsets.count > 200_000 { offsets.removeAll(keepingCapacity: true) }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(slot) * 900))
        offsets[slot] = offset
        return offset
    }
}
