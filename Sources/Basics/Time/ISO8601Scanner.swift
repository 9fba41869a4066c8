/// Reads the pieces of ISO 8601 date and time text from UTF-8 bytes: a
/// date, a time of day, a UTC offset. `Timestamp.parse`, `Day`'s parser and
/// Postgres' reading of the server's timestamps put them together; each
/// checks the ranges (hour 24, second 60) as its grammar says.
///
/// The scanner does not own the bytes; keep them alive while it is in use.
/// Runs for every time of every ingested record: no allocation, inlinable.
public struct ISO8601Scanner {
    public let base: UnsafePointer<UInt8>
    public let end: Int
    public var position: Int

    @inlinable
    public init(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
        self.base = base
        self.end = range.upperBound
        self.position = range.lowerBound
    }

    @inlinable public var isAtEnd: Bool { position == end }

    /// Consumes `byte` when it is next.
    @inlinable
    public mutating func skip(_ byte: UInt8) -> Bool {
        guard position < end, base[position] == byte else { return false }
        position += 1
        return true
    }

    /// Between `digits.lowerBound` and `digits.upperBound` decimal digits (as
    /// many as there are, up to the maximum), as a number; nil when fewer.
    @inlinable
    public mutating func number(digits: ClosedRange<Int>) -> Int? {
        var value = 0
        var count = 0
        while count < digits.upperBound, position < end {
            let b = base[position]
            guard b >= 0x30 && b <= 0x39 else { break }
            value = value &* 10 &+ Int(b &- 0x30)
            position += 1
            count += 1
        }
        return count >= digits.lowerBound ? value : nil
    }

    /// `YYYY-MM-DD`, the year with `yearDigits` digits. Not checked for being a real date.
    @inlinable
    public mutating func date(yearDigits: ClosedRange<Int> = 4...4) -> (year: Int, month: Int, day: Int)? {
        guard let year = number(digits: yearDigits), skip(0x2D),
              let month = number(digits: 2...2), skip(0x2D),
              let day = number(digits: 2...2) else { return nil }
        return (year, month, day)
    }

    /// The `T`, `t` or space between a date and a time.
    @inlinable
    public mutating func dateTimeSeparator() -> Bool {
        guard position < end else { return false }
        let b = base[position]
        guard b == 0x54 || b == 0x74 || b == 0x20 else { return false }
        position += 1
        return true
    }

    /// `HH:MM`, then `:SS` and a fraction (`.` or `,`, any number of digits;
    /// past nine they are dropped) when written. Not range-checked.
    @inlinable
    public mutating func time() -> (hour: Int, minute: Int, second: Int, nanosecond: Int)? {
        guard let hour = number(digits: 2...2), skip(0x3A), let minute = number(digits: 2...2) else { return nil }
        var second = 0, nanosecond = 0
        if skip(0x3A) {
            guard let s = number(digits: 2...2) else { return nil }
            second = s
            if position < end, base[position] == 0x2E || base[position] == 0x2C {
                position += 1
                let start = position
                var scale = 100_000_000
                while position < end, base[position] >= 0x30, base[position] <= 0x39 {
                    nanosecond += Int(base[position] &- 0x30) * scale
                    scale /= 10
                    position += 1
                }
                guard position > start else { return nil }
            }
        }
        return (hour, minute, second, nanosecond)
    }

    /// What follows a time: nothing (`.none`), `Z`/`z` (0), or `±HH`, `±HH:MM`,
    /// `±HHMM` (and `±HH:MM:SS` with `seconds`), as seconds east of UTC.
    /// Hours up to 23 and minutes and seconds up to 59. `.malformed` when an
    /// offset starts but is not one of these.
    @inlinable
    public mutating func offset(seconds allowSeconds: Bool = false) -> Offset {
        guard position < end else { return .none }
        if skip(0x5A) || skip(0x7A) { return .seconds(0) }
        let sign: Int
        if skip(0x2B) { sign = 1 } else if skip(0x2D) { sign = -1 } else { return .none }
        guard let hours = number(digits: 2...2), hours <= 23 else { return .malformed }
        var total = hours * 3600
        let colon = skip(0x3A)
        if let minutes = number(digits: 2...2) {
            guard minutes <= 59 else { return .malformed }
            total += minutes * 60
            if allowSeconds, colon, skip(0x3A) {
                guard let s = number(digits: 2...2), s <= 59 else { return .malformed }
                total += s
            }
        } else if colon {
            return .malformed
        }
        return .seconds(sign * total)
    }

    public enum Offset: Equatable {
        case none
        case seconds(Int)
        case malformed
    }
}

extension ISO8601Scanner {
    /// Runs `body` on a scanner over the UTF-8 of `text`.
    @inlinable
    public static func scanning<T>(_ text: some StringProtocol, _ body: (inout ISO8601Scanner) -> T?) -> T? {
        var text = String(text)
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var scanner = ISO8601Scanner(base, 0..<buffer.count)
            return body(&scanner)
        }
    }
}
