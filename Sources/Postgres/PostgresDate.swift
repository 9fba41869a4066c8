/// A calendar date as PostgreSQL's `date` type holds it: no time, no zone.
/// (Postgres does not depend on Tabular; `Day` there has the same fields.)
/// Years before 1 AD count astronomically: 1 BC is year 0.
public struct PostgresDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before).
    public init(daysSinceEpoch: Int) {
        (year, month, day) = CivilCalendar.date(fromDays: daysSinceEpoch)
    }

    public var daysSinceEpoch: Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, or PostgreSQL's output with a ` BC` suffix. nil for text
    /// that is no valid date (including `infinity`, which this type cannot hold).
    public init?(_ text: some StringProtocol) {
        var scanner = ByteScanner(Array(text.utf8))
        guard let (year, month, day) = scanner.date() else { return nil }
        let isBC = scanner.eraSuffix()
        guard scanner.isAtEnd, !(isBC && year == 0) else { return nil }
        let astronomicalYear = isBC ? 1 - year : year
        guard CivilCalendar.isValid(year: astronomicalYear, month: month, day: day) else { return nil }
        self.init(year: astronomicalYear, month: month, day: day)
    }

    /// `YYYY-MM-DD` (with ` BC` for years before 1 AD), as PostgreSQL reads and writes it.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(13)
        TimestampText.appendDate(year: year, month: month, day: day, to: &bytes)
        if year <= 0 { bytes.append(contentsOf: " BC".utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: PostgresDate, b: PostgresDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// The proleptic Gregorian calendar as day counts (Howard Hinnant's algorithms),
/// without Foundation's Calendar: exact, allocation-free and locale-free.
enum CivilCalendar {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
