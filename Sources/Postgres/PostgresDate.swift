import Basics

/// PostgreSQL's `date` is a calendar day: Basics' `Day` (proleptic
/// Gregorian, year 0 is 1 BC, as the server counts). The name stays for the
/// code that builds statements against the store.
public typealias PostgresDate = Day

extension Day {
    /// The server's text of a `date` under `DateStyle=ISO`: `YYYY-MM-DD`, a
    /// year past 9999 with more digits, ` BC` for years before 1 AD. Nil for
    /// text that is no valid date (`infinity` included, which a Day cannot hold).
    public init?(postgresText text: some StringProtocol) {
        let parsed: Day? = ISO8601Scanner.scanning(text) { scanner in
            guard let (year, month, day) = scanner.date(yearDigits: 4...9) else { return nil }
            let isBC = TimestampText.eraSuffix(&scanner)
            guard scanner.isAtEnd, !(isBC && year == 0) else { return nil }
            let astronomical = isBC ? 1 - year : year
            guard CivilDate.isValid(year: astronomical, month: month, day: day) else { return nil }
            return Day(year: astronomical, month: month, day: day)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// `YYYY-MM-DD`, with ` BC` for years before 1 AD, as the server reads and writes it.
    public var postgresText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(13)
        ISO8601Format.appendDate(year: year <= 0 ? 1 - year : year, month: month, day: day, to: &bytes)
        if year <= 0 { bytes.append(contentsOf: " BC".utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
