import Basics
import Foundation

/// Time labels for a chart's x axis. The interval adapts to the span and
/// width — minutes, hours, days, weeks, months, years — choosing the finest
/// whose labels fit with at least three spaces between them, so labels never
/// overlap. Ticks fall on round wall-clock times in the zone (a tick at
/// 03:00 is 03:00 local, also across a DST change).
///
/// Each label names the coarsest unit its tick starts (as d3's time scale
/// does): `14:00` within a day, `Oct 27` at midnight, `Nov` on the first of a
/// month, `2025` on New Year — so the first label of a new day, month or year
/// says so.
public enum TimeAxis {
    public struct Label: Sendable, Equatable {
        /// The tick's instant (seconds since 1970).
        public var time: Double
        /// The plot cell column the tick falls in.
        public var column: Int
        /// The plot column where the text starts (negative: into the left margin).
        public var start: Int
        public var text: String
    }

    /// Least spaces between two labels.
    static let minimumGap = 3

    /// Labels for x from `start` to `end` drawn across `columns` cells of
    /// `subColumns` dots each; labels may stick out `leftRoom` cells left of
    /// the plot and `rightRoom` right of it.
    public static func labels(from start: Double, to end: Double, kind: ChartXKind, columns: Int,
                              subColumns: Int = 1, leftRoom: Int = 0, rightRoom: Int = 0) -> [Label] {
        guard columns > 0, start.isFinite, end.isFinite, abs(start) < 1e13, abs(end) < 1e13 else { return [] }
        let map = XMap(start: start, end: end, dots: columns * subColumns)
        let zone: TimeZone
        switch kind {
        case .instant(let z): zone = z
        case .day, .number: zone = .utc
        }
        let span = end - start
        let candidates = Interval.ladder.filter { interval in
            if kind == .day && interval.seconds < 86400 { return false }
            return span / interval.seconds <= Double(columns)
        }
        func place(_ ticks: [Double]) -> [Label] {
            ticks.map { t in
                let text = text(for: t, zone: zone)
                let width = DisplayText.width(text)
                let column = map.dot(t) / subColumns
                var first = column - (width - 1) / 2
                first = min(first, columns + rightRoom - width)
                first = max(first, -leftRoom)
                return Label(time: t, column: column, start: first, text: text)
            }
        }
        func clash(_ a: Label, _ b: Label) -> Bool {
            b.start < a.start + DisplayText.width(a.text) + minimumGap
        }
        /// A label pushed in from the edge may now crowd its neighbour; then
        /// that edge label goes rather than the whole interval.
        func trimEdges(_ labels: [Label]) -> [Label] {
            var labels = labels
            func pushed(_ l: Label) -> Bool { l.start != l.column - (DisplayText.width(l.text) - 1) / 2 }
            if labels.count >= 3, pushed(labels[labels.count - 1]), clash(labels[labels.count - 2], labels[labels.count - 1]) {
                labels.removeLast()
            }
            if labels.count >= 3, pushed(labels[0]), clash(labels[0], labels[1]) {
                labels.removeFirst()
            }
            return labels
        }
        func fits(_ labels: [Label]) -> Bool {
            zip(labels, labels.dropFirst()).allSatisfy { !clash($0, $1) }
        }
        /// Labels kept left to right, skipping any that would clash.
        func thinned(_ labels: [Label]) -> [Label] {
            var kept: [Label] = []
            for label in labels where kept.last.map({ !clash($0, label) }) ?? true { kept.append(label) }
            return kept
        }
        var fallback: [Label] = []
        for interval in candidates {
            let ticks = interval.ticks(from: start, to: end, zone: zone)
            guard !ticks.isEmpty else { continue }
            let labels = trimEdges(place(ticks))
            if labels.count >= 2 && fits(labels) { return labels }
            // Nothing fits whole yet: remember the thinned version with the most labels.
            let thin = thinned(labels)
            if thin.count >= fallback.count { fallback = thin }
        }
        // No interval fits whole (a tiny width or span): the best thinned one.
        return fallback.isEmpty ? thinned(place([start])) : fallback
    }

    /// `14:00`, `Oct 27`, `Nov` or `2025`: the coarsest unit `t` starts.
    static func text(for t: Double, zone: TimeZone) -> String {
        let local = Timestamp(Date(timeIntervalSince1970: t), in: zone, fractionDigits: 0)
        if local.hour != 0 || local.minute != 0 {
            return String(format: "%02d:%02d", local.hour, local.minute)
        }
        if local.day != 1 { return monthNames[local.month - 1] + " " + String(local.day) }
        if local.month != 1 { return monthNames[local.month - 1] }
        return String(local.year)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A tick interval on the wall clock.
    enum Interval {
        case minutes(Int), hours(Int), days(Int), week, months(Int), years(Int)

        static let ladder: [Interval] = [
            .minutes(1), .minutes(5), .minutes(10), .minutes(15), .minutes(30),
            .hours(1), .hours(2), .hours(3), .hours(6), .hours(12),
            .days(1), .days(2), .week, .months(1), .months(2), .months(3), .months(6),
            .years(1), .years(2), .years(5), .years(10), .years(20), .years(50), .years(100),
        ]

        /// About how long one interval is.
        var seconds: Double {
            switch self {
            case .minutes(let k): return Double(k) * 60
            case .hours(let k): return Double(k) * 3600
            case .days(let k): return Double(k) * 86400
            case .week: return 7 * 86400
            case .months(let k): return Double(k) * 30.44 * 86400
            case .years(let k): return Double(k) * 365.25 * 86400
            }
        }

        /// Tick instants in `start...end`, on round local times.
        func ticks(from start: Double, to end: Double, zone: TimeZone) -> [Double] {
            var ticks: [Double] = []
            func local(_ t: Double) -> Timestamp { Timestamp(Date(timeIntervalSince1970: t), in: zone, fractionDigits: 0) }
            switch self {
            case .minutes(let k), .hours(let k):
                let isHours: Bool
                if case .hours = self { isHours = true } else { isHours = false }
                // Step a minute (or an hour, once on a whole hour) in absolute time
                // and keep the round wall-clock times; both 02:00s of a
                // fall-back night are kept, the missing 02:00 of spring is not.
                var t = (start / 60).rounded(.up) * 60
                if isHours {
                    while t <= end && local(t).minute != 0 { t += 60 }
                }
                while t <= end {
                    let l = local(t)
                    if isHours ? (l.minute == 0 && l.hour % k == 0) : (l.minute % k == 0) { ticks.append(t) }
                    // On a round time, jump a whole step; otherwise creep up to the next one.
                    t += isHours ? (l.minute == 0 ? 3600 : 60) : (l.minute % k == 0 ? Double(k) * 60 : 60)
                }
            case .days, .week:
                let first = local(start)
                var days = CivilDate.daysSinceEpoch(year: first.year, month: first.month, day: first.day)
                let lastDay = days + Int((end - start) / 86400) + 2
                while days <= lastDay {
                    let (y, m, d) = CivilDate.date(fromDays: days)
                    guard let t = TimeAxis.instant(year: y, month: m, day: d, zone: zone) else { days += 1; continue }
                    if t > end { break }
                    let keep: Bool
                    if case .days(let k) = self { keep = (d - 1) % k == 0 } else { keep = ((days + 3) % 7 + 7) % 7 == 0 }
                    if t >= start && keep { ticks.append(t) }
                    days += 1
                }
            case .months(let k), .years(let k):
                let isYears: Bool
                if case .years = self { isYears = true } else { isYears = false }
                let first = local(start)
                var (y, m) = (first.year, isYears ? 1 : first.month)
                while true {
                    guard let t = TimeAxis.instant(year: y, month: m, day: 1, zone: zone) else { break }
                    if t > end { break }
                    let keep = isYears ? y % k == 0 : (m - 1) % k == 0
                    if t >= start && keep { ticks.append(t) }
                    if isYears { y += 1 } else if m == 12 { (y, m) = (y + 1, 1) } else { m += 1 }
                }
            }
            return ticks
        }
    }

    /// The instant of local midnight starting `year-month-day` in `zone`;
    /// nil when that wall time does not exist there.
    static func instant(year: Int, month: Int, day: Int, zone: TimeZone) -> Double? {
        let start = Day(year: year, month: month, day: day).start(in: zone)
        let check = Timestamp(start, in: zone, fractionDigits: 0)
        guard check.year == year, check.month == month, check.day == day, check.hour == 0, check.minute == 0 else { return nil }
        return start.timeIntervalSince1970
    }
}

/// Maps x values onto dot columns `0..<dots`: start on the first, end on the last.
struct XMap {
    var start: Double
    var end: Double
    var dots: Int

    func dot(_ x: Double) -> Int {
        let position = (x / 2 - start / 2) / (end / 2 - start / 2) * Double(dots - 1)
        guard end > start, position.isFinite else { return dots / 2 }
        return min(max(Int(position.rounded()), 0), dots - 1)
    }
}
