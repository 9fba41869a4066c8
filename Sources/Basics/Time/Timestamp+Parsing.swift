extension Timestamp {
    /// Reads `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS`, with `T` (or `t`)
    /// instead of the space, optional fractional seconds (`.123`, `,5`;
    /// digits past nine dropped), optional zone `Z`, `±HH:MM`, `±HHMM` or
    /// `±HH`. Impossible dates and times (2024-02-30, 24:00, 12:60, +25:00)
    /// and anything else (leading or trailing spaces included) give nil.
    public static func parse(_ text: some StringProtocol) -> Timestamp? {
        ISO8601Scanner.scanning(text) { scanner in parse(&scanner) }
    }

    /// `parse` of the UTF-8 bytes in `range` (ingest reads record times in place).
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Timestamp? {
        var scanner = ISO8601Scanner(p, range)
        return parse(&scanner)
    }

    @inlinable
    static func parse(_ scanner: inout ISO8601Scanner) -> Timestamp? {
        guard let (y, mo, d) = scanner.date(), scanner.dateTimeSeparator(),
              let (h, mi, s, nanos) = scanner.time() else { return nil }
        let offset: Int?
        switch scanner.offset() {
        case .none: offset = nil
        case .seconds(let seconds): offset = seconds
        case .malformed: return nil
        }
        guard scanner.isAtEnd else { return nil }
        return Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: nanos, utcOffsetSeconds: offset)
    }
}
