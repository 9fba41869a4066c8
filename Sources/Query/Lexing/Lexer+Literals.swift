import Basics
import Tabular

/// Numbers, durations, dates, date-times and strings.
extension Lexer {
    // MARK: Numbers and durations

    /// `42`, `2.5`, `1e-3`, `15m`, `1h30m`, or (four digits and a dash) a date.
    mutating func lexNumber(at start: Int) throws(QueryError) -> Token {
        var i = start
        while let c = char(i), Lexer.isDigit(c) { i += 1 }
        if i - start == 4, char(i) == "-", let n = char(i + 1), Lexer.isDigit(n) {
            return try lexDate(at: start)
        }
        var isInteger = true
        if char(i) == ".", let n = char(i + 1), Lexer.isDigit(n) {
            isInteger = false
            i += 1
            while let c = char(i), Lexer.isDigit(c) { i += 1 }
        }
        if char(i) == "e" || char(i) == "E" {
            var j = i + 1
            if char(j) == "+" || char(j) == "-" { j += 1 }
            if let c = char(j), Lexer.isDigit(c) {
                isInteger = false
                i = j
                while let c = char(i), Lexer.isDigit(c) { i += 1 }
            }
        }
        // Letters right after the digits: a duration (`15m`, `1h30m`) or a slip (`12abc`).
        if let c = char(i), Lexer.isWordChar(c) {
            var j = i
            while let c = char(j), Lexer.isWordChar(c) { j += 1 }
            index = j
            let text = String(chars[start..<j])
            if isInteger, let duration = DurationLiteral(text) {
                return make(.duration(duration), from: start)
            }
            let unitLike = c.isASCII && DurationLiteral.Unit(rawValue: String(c)) != nil
            if isInteger && unitLike {
                throw fail(.invalidDuration, "invalid duration '\(text)'", start, j,
                           note: "a duration is whole numbers with units s, m, h, d, w, mo or y, e.g. 15m, 7d or 1h30m")
            }
            if !isInteger && unitLike {
                throw fail(.invalidDuration, "invalid duration '\(text)'", start, j,
                           note: "durations take whole numbers: write 90m rather than 1.5h")
            }
            throw fail(.invalidNumber, "invalid number '\(text)'", start, j,
                       note: "put a space between a number and a word, or quote text that starts with a digit")
        }
        index = i
        let text = String(chars[start..<i])
        if isInteger, let value = Int64(text) {
            return make(.integer(value), from: start)
        }
        guard let value = Double(text), value.isFinite else {
            throw fail(.invalidNumber, "number '\(text)' is too large", start, i)
        }
        return make(.decimal(value), from: start)
    }

    // MARK: Dates and times

    /// `2024-01-31`, then maybe `T12:00`, `T12:00:30`, `T12:00:30.250`, with
    /// `Z`, `+01:00`, `+0100` or `+01` after the time.
    mutating func lexDate(at start: Int) throws(QueryError) -> Token {
        // The extent of what looks like one date, for error ranges.
        var runEnd = start
        while let c = char(runEnd), Lexer.isWordChar(c) || ":.+-".contains(c) { runEnd += 1 }
        func bad(_ label: String? = nil, note: String? = nil) -> QueryError {
            fail(.invalidDate, "invalid date '\(String(chars[start..<runEnd]))'", start, runEnd,
                 label: label, note: note)
        }
        let shapeNote = "write dates as YYYY-MM-DD, e.g. 2024-01-31, and times as 2024-01-31T12:00"
        guard let year = digits(start, 4), char(start + 4) == "-", let month = digits(start + 5, 2),
              char(start + 7) == "-", let dayOfMonth = digits(start + 8, 2) else {
            throw bad(note: shapeNote)
        }
        guard (1...12).contains(month) else { throw bad("there is no month \(month)") }
        guard let day = Day(String(chars[start..<start + 10])) else {
            let days = Lexer.daysIn(month: month, year: year)
            throw bad(dayOfMonth == 0 ? "days start at 01" : "\(String(chars[start..<start + 7])) has \(days) days")
        }
        var i = start + 10
        guard char(i) == "T", let n = char(i + 1), Lexer.isDigit(n) else {
            if let c = char(i), Lexer.isWordChar(c) { throw bad(note: shapeNote) }
            index = i
            return make(.date(day), from: start)
        }
        // The time of day.
        i += 1
        guard let hour = digits(i, 2), char(i + 2) == ":", let minute = digits(i + 3, 2) else {
            throw bad(note: shapeNote)
        }
        i += 5
        var second = 0, nanosecond = 0
        if char(i) == ":" {
            guard let s = digits(i + 1, 2) else { throw bad(note: shapeNote) }
            second = s
            i += 3
            if char(i) == ".", let n = char(i + 1), Lexer.isDigit(n) {
                i += 1
                var fractionDigits = ""
                while let c = char(i), Lexer.isDigit(c) { fractionDigits.append(c); i += 1 }
                guard fractionDigits.count <= 9 else { throw bad("at most 9 digits after the seconds' point") }
                nanosecond = (Int(fractionDigits) ?? 0) * Lexer.powerOfTen(9 - fractionDigits.count)
            }
        }
        guard hour <= 23 else { throw bad("there is no hour \(hour)") }
        guard minute <= 59 else { throw bad("there is no minute \(minute)") }
        guard second <= 59 else { throw bad("there is no second \(second)") }
        var offset: Int?
        if char(i) == "Z" || char(i) == "z" {
            offset = 0
            i += 1
        } else if let sign = char(i), sign == "+" || sign == "-", let n = char(i + 1), Lexer.isDigit(n) {
            guard let hours = digits(i + 1, 2) else { throw bad(note: "write a zone as Z, +01:00 or -05:00") }
            i += 3
            var minutes = 0
            if char(i) == ":" {
                guard let m = digits(i + 1, 2) else { throw bad(note: "write a zone as Z, +01:00 or -05:00") }
                minutes = m
                i += 3
            } else if let m = digits(i, 2) {
                minutes = m
                i += 2
            }
            guard hours <= 18, minutes <= 59 else { throw bad("a zone offset is at most ±18:00") }
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        if let c = char(i), Lexer.isWordChar(c) || c == ":" || c == "." { throw bad(note: shapeNote) }
        index = i
        let text = String(chars[start..<i])
        let literal = DateTimeLiteral(day: day, hour: hour, minute: minute, second: second,
                                      nanosecond: nanosecond, utcOffset: offset, text: text)
        return make(.dateTime(literal), from: start)
    }

    /// Exactly `count` ASCII digits at `i` as a number; nil otherwise.
    private func digits(_ i: Int, _ count: Int) -> Int? {
        var value = 0
        for k in i..<i + count {
            guard let c = char(k), Lexer.isDigit(c), let a = c.asciiValue else { return nil }
            value = value * 10 + Int(a - 48)
        }
        return value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        CivilDate.daysIn(month: month, year: year)
    }

    static func powerOfTen(_ n: Int) -> Int {
        (0..<max(0, n)).reduce(1) { r, _ in r * 10 }
    }

    // MARK: Strings

    /// `'…'` or `"…"`, which may span lines. Escapes: `\\ \' \" \n \t \r \0 \u{…}`.
    mutating func lexString(quote: Character, at start: Int) throws(QueryError) -> Token {
        var i = start + 1
        var value = ""
        while let c = char(i) {
            if c == quote {
                index = i + 1
                return make(.string(value), from: start)
            }
            guard c == "\\" else {
                value.append(c)
                i += 1
                continue
            }
            guard let e = char(i + 1) else { break }
            switch e {
            case "\\": value.append("\\")
            case "'": value.append("'")
            case "\"": value.append("\"")
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "u":
                let (scalar, end) = unicodeEscape(at: i)
                guard let scalar else {
                    throw fail(.invalidEscape, "invalid escape '\(String(chars[i..<end]))' in string", i, end,
                               note: "write a character by its code as \\u{1F600}")
                }
                value.unicodeScalars.append(scalar)
                i = end
                continue
            default:
                throw fail(.invalidEscape, "invalid escape '\\\(DiagnosticRenderer.printable(String(e)))' in string",
                           i, i + 2, note: "escapes are \\\\ \\' \\\" \\n \\t \\r \\0 and \\u{…}; write \\\\ for a backslash")
            }
            i += 2
        }
        let closing = quote == "'" ? "'" : "\""
        throw fail(.unterminatedString, "unterminated string", start, start + 1,
                   label: "this quote is never closed", note: "end the string with \(closing)")
    }

    /// `\u{XXXX}` at `i` (the backslash): the scalar (nil when malformed) and where the escape ends.
    private func unicodeEscape(at i: Int) -> (Unicode.Scalar?, Int) {
        guard char(i + 2) == "{" else { return (nil, min(i + 2, endIndex)) }
        var j = i + 3
        var hex = ""
        while let c = char(j), c.isHexDigit, hex.count < 8 {
            hex.append(c)
            j += 1
        }
        guard char(j) == "}" else { return (nil, min(j, endIndex)) }
        guard !hex.isEmpty, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            return (nil, j + 1)
        }
        return (scalar, j + 1)
    }
}
