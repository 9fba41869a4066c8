/// A length of time written as a number and a unit: `15m`, `7d`, `1h30m`,
/// `-10m` (negative: back from now, as in `tail from=-10m`).
///
/// Units: `s` seconds, `m` minutes, `h` hours, `d` days (24 hours), `w` weeks,
/// and the calendar units `mo` months and `y` years (`bin(time, 1mo)`).
/// A `d` is a fixed 24 hours here; code that needs calendar days (a Danish
/// day has 23–25 hours) should look at `parts`. Months and years have no
/// fixed length: `seconds` counts them as 30 and 365 days, and arguments
/// refuse them (`isCalendar`).
public struct DurationLiteral: Sendable, Hashable, CustomStringConvertible {
    /// The whole length in seconds; negative for `-10m`.
    public var seconds: Int64
    /// The text as written, e.g. `7d` or `-10m`.
    public var text: String
    /// Each number with its unit in order, e.g. `[(1, "h"), (30, "m")]`; signs
    /// are not included.
    public var parts: [Part]

    public struct Part: Sendable, Hashable {
        public var amount: Int64
        public var unit: Unit
    }

    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case second = "s", minute = "m", hour = "h", day = "d", week = "w", month = "mo", year = "y"

        /// The length in seconds; nominal (30 and 365 days) for months and years.
        public var seconds: Int64 {
            switch self {
            case .second: return 1
            case .minute: return 60
            case .hour: return 3600
            case .day: return 86_400
            case .week: return 604_800
            case .month: return 2_592_000
            case .year: return 31_536_000
            }
        }

        /// Months and years: lengths that depend on the calendar.
        public var isCalendar: Bool { self == .month || self == .year }

        /// The unit at the start of `text` (`mo` before `m`), if any.
        static func prefix(of text: Substring) -> Unit? {
            if text.hasPrefix("mo") { return .month }
            guard let first = text.first else { return nil }
            return Unit(rawValue: String(first))
        }
    }

    /// Whether a month or year is part of it.
    public var isCalendar: Bool { parts.contains { $0.unit.isCalendar } }

    public init(seconds: Int64, text: String, parts: [Part]) {
        self.seconds = seconds
        self.text = text
        self.parts = parts
    }

    /// Parses `15m`, `1h30m`, `-7d`; nil for anything else, including
    /// lengths that overflow 64-bit seconds.
    public init?(_ text: String) {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" { negative = true; rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var parts: [Part] = []
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isWholeNumber }
            guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = Unit.prefix(of: rest) else { return nil }
            rest = rest.dropFirst(unit.rawValue.count)
            let (product, o1) = amount.multipliedReportingOverflow(by: unit.seconds)
            let (sum, o2) = total.addingReportingOverflow(product)
            guard !o1, !o2 else { return nil }
            total = sum
            parts.append(Part(amount: amount, unit: unit))
        }
        self.init(seconds: negative ? -total : total, text: text, parts: parts)
    }

    /// The same length with the opposite sign (`10m` → `-10m`).
    public var negated: DurationLiteral {
        let text = self.text.hasPrefix("-") ? String(self.text.dropFirst()) : "-" + self.text
        return DurationLiteral(seconds: -seconds, text: text, parts: parts)
    }

    public var description: String { text }
}
