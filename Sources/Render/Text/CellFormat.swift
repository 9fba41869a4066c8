import Basics
import Foundation
import Tabular

/// How one column's values are shown to people (tables, markdown, bars):
/// decimals for doubles and the shape of times. Decided once per column so
/// every row lines up.
public struct CellFormat: Sendable, Equatable {
    /// When a time shows its UTC offset.
    public enum OffsetRule: Sendable, Equatable {
        /// Never (`2024-10-27 01:00`).
        case never
        /// Every value (`2024-10-27 01:00+02:00`).
        case always
        /// Only wall times that occur twice (the fall-back hour).
        case whenAmbiguous
    }

    /// Digits after the decimal point for doubles.
    public var decimals: Int
    /// Whether times show seconds (`HH:mm:ss`).
    public var seconds: Bool
    public var offset: OffsetRule

    public init(decimals: Int = 2, seconds: Bool = false, offset: OffsetRule = .never) {
        self.decimals = decimals
        self.seconds = seconds
        self.offset = offset
    }

    /// The format for `column` given its values (all of them for a table,
    /// the first rows for a stream).
    ///
    /// Doubles: `decimalsOverride` when given; 2 for money (a unit naming
    /// EUR or DKK); 0 when every value is whole; otherwise by the largest
    /// magnitude: ≥ 10,000 → 0, ≥ 100 → 1, ≥ 1 → 2, ≥ 0.01 → 4, else 6 —
    /// but up to 2 when fewer would show two different values alike. One
    /// column, one number of decimals.
    /// Times: seconds only when some value has them; the offset on every
    /// value of the column when some value is an ambiguous wall time (so the
    /// DST fall-back hour 02:00 reads `02:00+02:00` then `02:00+01:00`).
    public static func decide(for column: Column, values: some Sequence<Value>, timeZone: TimeZone,
                              decimalsOverride: Int? = nil) -> CellFormat {
        switch column.type {
        case .double, .int:
            if let decimals = decimalsOverride { return CellFormat(decimals: max(0, min(decimals, 12))) }
            if isMoney(column.unit) { return CellFormat(decimals: 2) }
            var largest = 0.0
            var allWhole = true
            var doubles: [Double] = []
            for value in values {
                guard case .double(let d) = value, d.isFinite else { continue }
                largest = max(largest, abs(d))
                if allWhole && d != d.rounded() { allWhole = false }
                if doubles.count < 100_000 { doubles.append(d) }
            }
            if allWhole { return CellFormat(decimals: 0) }
            return CellFormat(decimals: distinguishing(doubles, from: magnitudeDecimals(largest)))
        case .time:
            var seconds = false
            var ambiguous = false
            for value in values {
                guard case .time(let date) = value else { continue }
                if !seconds && floor(date.timeIntervalSince1970).truncatingRemainder(dividingBy: 60) != 0 { seconds = true }
                if !ambiguous && timeZone.isAmbiguous(date) { ambiguous = true }
                if seconds && ambiguous { break }
            }
            return CellFormat(seconds: seconds, offset: ambiguous ? .always : .never)
        case .bool, .text, .day:
            return CellFormat()
        }
    }

    /// `decimals`, or more (up to 2) when fewer would show two different
    /// values alike (-60.04 and -59.96 both as -60.0).
    static func distinguishing(_ values: [Double], from decimals: Int) -> Int {
        guard decimals < 2, values.count > 1 else { return decimals }
        let sorted = values.sorted()
        var chosen = decimals
        while chosen < 2 {
            let collides = zip(sorted, sorted.dropFirst()).contains { a, b in
                a != b && fixed(a, decimals: chosen) == fixed(b, decimals: chosen)
            }
            if !collides { break }
            chosen += 1
        }
        return chosen
    }

    static func isMoney(_ unit: String?) -> Bool {
        guard let unit = unit?.uppercased() else { return false }
        return unit.contains("EUR") || unit.contains("DKK")
    }

    static func magnitudeDecimals(_ largest: Double) -> Int {
        switch largest {
        case 10_000...: return 0
        case 100...: return 1
        case 1...: return 2
        case 0.01...: return 4
        case 0: return 0
        default: return 6
        }
    }

    /// `value` as display text: numbers with this format's decimals, times
    /// as `yyyy-MM-dd HH:mm` in `timeZone`, days `yyyy-MM-dd`, text with
    /// control characters escaped, null as `nullText`.
    public func text(_ value: Value, timeZone: TimeZone, nullText: String) -> String {
        switch value {
        case .null: return nullText
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return CellFormat.fixed(d, decimals: decimals)
        case .text(let s): return DisplayText.escapeControls(s)
        case .day(let d): return d.description
        case .time(let date):
            let showOffset: Bool
            switch offset {
            case .never: showOffset = false
            case .always: showOffset = true
            case .whenAmbiguous: showOffset = timeZone.isAmbiguous(date)
            }
            return CellFormat.timeFormat(seconds: seconds, offset: showOffset).string(date, in: timeZone)
        }
    }

    /// `2024-10-27 02:00`, with `:ss` and `+01:00` when asked: times in tables and charts.
    static func timeFormat(seconds: Bool, offset: Bool) -> ISO8601Format {
        ISO8601Format(separator: " ", seconds: seconds, zone: offset ? .offset : .none)
    }

    /// `d` with exactly `decimals` digits after the point; never `-0.00`;
    /// `NaN`, `∞`, `-∞` for non-finite values.
    public static func fixed(_ d: Double, decimals: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-∞" : "∞" }
        var text = String(format: "%.\(decimals)f", d)
        if text.hasPrefix("-"), !text.contains(where: { $0 >= "1" && $0 <= "9" }) { text.removeFirst() }
        return text
    }
}
