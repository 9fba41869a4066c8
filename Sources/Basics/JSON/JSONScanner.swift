/// A strict JSON (RFC 8259) scanner over bytes: validates strings (escapes,
/// UTF-8, no raw control characters), numbers and literals, and skips values
/// without building them. `JSONParser` builds values on top of it; ingest's
/// validator and record readers use it directly to find fields without
/// allocating, which is why its hot parts are inlinable.
///
/// The scanner does not own the bytes; keep them alive while it is in use.
public struct JSONScanner {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    public var position: Int = 0
    public let maxDepth: Int

    /// Set when a string holds `\u0000`, which PostgreSQL `jsonb` cannot store.
    public var sawNullEscape = false
    /// Set when a number cannot be a finite Double or a PostgreSQL `numeric`
    /// (exponent beyond ±1000 or magnitude beyond 1e308).
    public var sawHugeNumber = false

    /// A string's content bytes (between the quotes) and whether it has escapes.
    public struct StringSpan: Sendable {
        public var start: Int
        public var end: Int
        public var escaped: Bool

        @inlinable
        public init(start: Int, end: Int, escaped: Bool) {
            self.start = start
            self.end = end
            self.escaped = escaped
        }
    }

    public enum ValueKind: UInt8, Sendable {
        case null, bool, number, string, array, object

        /// A short name of the type, for messages ("a string", "an array").
        public var typeDescription: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    @inlinable
    public init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
    }

    @inlinable public var atEnd: Bool { position >= count }

    @inlinable public func peek() -> UInt8? { position < count ? base[position] : nil }

    @inlinable
    public mutating func skipWhitespace() {
        while position < count {
            let b = base[position]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 } else { return }
        }
    }

    /// The error for the byte at `position` (or the end) where `expected` should be.
    @inlinable
    public func unexpected(_ expected: JSONSyntaxError.Expected) -> JSONSyntaxError {
        position < count
            ? JSONSyntaxError(kind: .unexpectedByte(base[position], expected: expected), offset: position)
            : JSONSyntaxError(kind: .unexpectedEnd(expected: expected), offset: position)
    }

    /// Consumes `byte` (after whitespace) or throws, saying `expected` was.
    @inlinable
    public mutating func expect(_ byte: UInt8, _ expected: JSONSyntaxError.Expected) throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < count, base[position] == byte else { throw unexpected(expected) }
        position += 1
    }

    // MARK: Strings

    /// Scans a string starting at the opening quote; leaves `position` after
    /// the closing quote. Where no quote is, a key was expected (values are
    /// told apart by their first byte before this is called).
    @inlinable
    public mutating func scanString() throws(JSONSyntaxError) -> StringSpan {
        guard position < count, base[position] == 0x22 else { throw unexpected(.key) }
        let start = position + 1
        var i = start
        var escaped = false
        let raw = UnsafeRawPointer(base)
        while i < count {
            // Skip 8 plain ASCII bytes at a time (SWAR); the first byte the mask
            // flags (the lowest set bit) is always a real quote, backslash,
            // control or non-ASCII byte, which the byte loop below handles.
            while i + 8 <= count {
                let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let special = JSONScanner.specialBytes(UInt64(littleEndian: v))
                if special == 0 { i += 8; continue }
                i += special.trailingZeroBitCount >> 3
                break
            }
            guard i < count else { break }
            let b = base[i]
            if b == 0x22 {
                position = i + 1
                return StringSpan(start: start, end: i, escaped: escaped)
            } else if b == 0x5C {
                escaped = true
                i = try scanEscape(at: i)
            } else if b < 0x20 {
                throw JSONSyntaxError(kind: .controlCharacter(b), offset: i)
            } else if b < 0x80 {
                i += 1
            } else {
                guard let length = UTF8Validation.sequenceLength(base, at: i, count: count) else {
                    throw JSONSyntaxError(kind: .invalidUTF8, offset: i)
                }
                i += length
            }
        }
        throw JSONSyntaxError(kind: .unexpectedEnd(expected: .closingQuote), offset: count)
    }

    /// A mask with bit 7 set in each byte of `v` (little-endian) that is `"`,
    /// `\`, below 0x20 or at least 0x80. Bits above the lowest set byte may be
    /// false positives (borrows); the lowest is exact.
    @inlinable
    static func specialBytes(_ v: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = v ^ (ones &* 0x22)
        let backslash = v ^ (ones &* 0x5C)
        let zeroInQuote = (quote &- ones) & ~quote
        let zeroInBackslash = (backslash &- ones) & ~backslash
        let control = (v &- ones &* 0x20) & ~v
        return (zeroInQuote | zeroInBackslash | control | v) & high
    }

    /// Validates the escape at `i` (a backslash); returns the index after it.
    @usableFromInline
    mutating func scanEscape(at i: Int) throws(JSONSyntaxError) -> Int {
        guard i + 1 < count else { throw JSONSyntaxError(kind: .unexpectedEnd(expected: .closingQuote), offset: count) }
        switch base[i + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            return i + 2
        case 0x75:
            let unit = try hex4(at: i + 2)
            if unit == 0 { sawNullEscape = true }
            if unit >= 0xDC00 && unit <= 0xDFFF { throw JSONSyntaxError(kind: .unpairedSurrogate, offset: i) }
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate must be followed by an escaped low surrogate.
                guard i + 7 < count, base[i + 6] == 0x5C, base[i + 7] == 0x75 else {
                    throw JSONSyntaxError(kind: .unpairedSurrogate, offset: i)
                }
                let low = try hex4(at: i + 8)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw JSONSyntaxError(kind: .unpairedSurrogate, offset: i) }
                return i + 12
            }
            return i + 6
        default:
            throw JSONSyntaxError(kind: .invalidEscape(base[i + 1]), offset: i)
        }
    }

    private func hex4(at i: Int) throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= count else {
            // Distinguish a truncated escape from a malformed one.
            for j in i..<count where JSONScanner.hexValue(base[j]) == nil {
                throw JSONSyntaxError(kind: .invalidUnicodeEscape, offset: i - 2)
            }
            throw JSONSyntaxError(kind: .unexpectedEnd(expected: .closingQuote), offset: count)
        }
        var value: UInt32 = 0
        for j in i..<(i + 4) {
            guard let h = JSONScanner.hexValue(base[j]) else { throw JSONSyntaxError(kind: .invalidUnicodeEscape, offset: i - 2) }
            value = value << 4 | h
        }
        return value
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    // MARK: Numbers

    /// Scans a number at `position` (JSON grammar); returns its start and end.
    @inlinable
    public mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let start = position
        var i = position
        if i < count, base[i] == 0x2D { i += 1 }
        guard i < count else { throw JSONSyntaxError(kind: .unexpectedEnd(expected: .digit), offset: i) }
        var integerDigits = 0
        if base[i] == 0x30 {
            i += 1
            if i < count, isDigit(base[i]) { throw JSONSyntaxError(kind: .leadingZero, offset: i - 1) }
        } else if base[i] >= 0x31 && base[i] <= 0x39 {
            while i < count, isDigit(base[i]) { i += 1; integerDigits += 1 }
        } else {
            throw JSONSyntaxError(kind: .unexpectedByte(base[i], expected: .digit), offset: i)
        }
        if i < count, base[i] == 0x2E {
            i += 1
            guard i < count else { throw JSONSyntaxError(kind: .unexpectedEnd(expected: .digit), offset: i) }
            guard isDigit(base[i]) else { throw JSONSyntaxError(kind: .unexpectedByte(base[i], expected: .digit), offset: i) }
            while i < count, isDigit(base[i]) { i += 1 }
        }
        if i < count, base[i] == 0x65 || base[i] == 0x45 {
            i += 1
            var negative = false
            if i < count, base[i] == 0x2B || base[i] == 0x2D { negative = base[i] == 0x2D; i += 1 }
            guard i < count else { throw JSONSyntaxError(kind: .unexpectedEnd(expected: .digit), offset: i) }
            guard isDigit(base[i]) else { throw JSONSyntaxError(kind: .unexpectedByte(base[i], expected: .digit), offset: i) }
            var exponent = 0
            while i < count, isDigit(base[i]) {
                exponent = min(exponent * 10 + Int(base[i] &- 0x30), 1_000_000)
                i += 1
            }
            if exponent > 1000 || (!negative && integerDigits + exponent > 308) { sawHugeNumber = true }
        } else if integerDigits > 308 {
            sawHugeNumber = true
        }
        position = i
        return start..<i
    }

    // MARK: Literals and values

    /// Consumes `word` (`true`, `false`, `null`) or throws at the first byte that differs.
    @inlinable
    public mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let bytes = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard position < count, base[position] == bytes[k] else { throw unexpected(.literal("\(word)")) }
            position += 1
        }
    }

    /// Validates and skips one value (after whitespace); `depth` is the nesting
    /// depth of the value's container (0 at top level).
    public mutating func skipValue(depth: Int) throws(JSONSyntaxError) -> ValueKind {
        skipWhitespace()
        guard position < count else { throw unexpected(.value) }
        switch base[position] {
        case 0x22:
            _ = try scanString()
            return .string
        case 0x2D, 0x30...0x39:
            _ = try scanNumber()
            return .number
        case 0x7B:
            guard depth < maxDepth else { throw JSONSyntaxError(kind: .tooDeep(maxDepth), offset: position) }
            position += 1
            skipWhitespace()
            if position < count, base[position] == 0x7D { position += 1; return .object }
            while true {
                skipWhitespace()
                _ = try scanString()
                try expect(0x3A, .colon)
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                if position < count, base[position] == 0x2C { position += 1; continue }
                if position < count, base[position] == 0x7D { position += 1; return .object }
                throw unexpected(.commaOrBrace)
            }
        case 0x5B:
            guard depth < maxDepth else { throw JSONSyntaxError(kind: .tooDeep(maxDepth), offset: position) }
            position += 1
            skipWhitespace()
            if position < count, base[position] == 0x5D { position += 1; return .array }
            while true {
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                if position < count, base[position] == 0x2C { position += 1; continue }
                if position < count, base[position] == 0x5D { position += 1; return .array }
                throw unexpected(.commaOrBracket)
            }
        case 0x74:
            try scanLiteral("true")
            return .bool
        case 0x66:
            try scanLiteral("false")
            return .bool
        case 0x6E:
            try scanLiteral("null")
            return .null
        default:
            throw unexpected(.value)
        }
    }

    /// After the top-level value: only whitespace may follow.
    public mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if position < count { throw JSONSyntaxError(kind: .trailingBytes(base[position]), offset: position) }
    }
}
