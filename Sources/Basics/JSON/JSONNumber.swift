/// A JSON number: its text exactly as written and its value as a Double.
/// The text is JSON number grammar, except `NaN`, `Infinity` and `-Infinity`
/// read from a plugin (see `JSONParser.Options.allowsNonFinite`).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let double: Double

    /// A number from JSON number text (`-12.5`, `1e-05`); nil when the text is
    /// not JSON number grammar or does not fit a finite Double.
    public init?(text: String) {
        var text = text
        let parsed: Double? = text.withUTF8 { buffer -> Double? in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            var scanner = JSONScanner(base: base, count: buffer.count, maxDepth: 1)
            guard let range = try? scanner.scanNumber(), range.upperBound == buffer.count else { return nil }
            return JSONNumber.double(base, range)
        }
        guard let parsed, parsed.isFinite else { return nil }
        self.text = text
        self.double = parsed
    }

    /// A number from a finite Double: integral values below 1e15 as integers
    /// (`12`), others in Swift's shortest round-trip form (`0.1`, `1e-05`);
    /// nil for NaN and infinities.
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        if double == double.rounded(), abs(double) < 1e15 {
            self.text = String(Int64(double))
        } else {
            self.text = "\(double)"
        }
        self.double = double
    }

    public init(_ int: Int) {
        self.text = String(int)
        self.double = Double(int)
    }

    /// Text and value known to agree (from the scanner).
    public init(uncheckedText text: String, double: Double) {
        self.text = text
        self.double = double
    }

    /// The value when the text is a whole number without a fraction or
    /// exponent (`12`, `-3`) that fits 64 bits; nil otherwise (`12.0`, `1e3`).
    public var integer: Int64? {
        guard !text.utf8.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) else { return nil }
        return Int64(text)
    }

    /// False for `NaN`, `Infinity` and `-Infinity` (read from a plugin),
    /// which JSON cannot hold; true for all JSON number text, `1e400` (whose
    /// Double is infinite) included.
    public var isJSON: Bool {
        !(text == "NaN" || text == "Infinity" || text == "-Infinity")
    }

    public var description: String { text }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension JSONNumber {
    /// The Double of JSON number text in `range` (already known to be JSON
    /// number grammar): the exact fast path (Clinger) when the digits fit
    /// 2^53 and the power of ten is at most 22, else Swift's correctly
    /// rounded, locale-independent parser.
    public static func double(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Double {
        var i = range.lowerBound
        let end = range.upperBound
        var negative = false
        if i < end, p[i] == 0x2D { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var fits = true
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        while i < end, isDigit(p[i]) { accumulate(p[i], &mantissa, &significant, &fits, &exponent, fraction: false); i += 1 }
        if i < end, p[i] == 0x2E {
            i += 1
            while i < end, isDigit(p[i]) { accumulate(p[i], &mantissa, &significant, &fits, &exponent, fraction: true); i += 1 }
        }
        if i < end, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            var expNegative = false
            if i < end, p[i] == 0x2B || p[i] == 0x2D { expNegative = p[i] == 0x2D; i += 1 }
            var e = 0
            while i < end, isDigit(p[i]) { e = min(e * 10 + Int(p[i] &- 0x30), 100_000); i += 1 }
            exponent += expNegative ? -e : e
        }
        if fits, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] } else if exponent > 0 { value *= powersOfTen[exponent] }
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count), as: UTF8.self)
        return Double(text) ?? .nan
    }

    @inline(__always)
    private static func accumulate(_ digit: UInt8, _ mantissa: inout UInt64, _ significant: inout Int,
                                   _ fits: inout Bool, _ exponent: inout Int, fraction: Bool) {
        let d = UInt64(digit &- 0x30)
        if significant == 0 && d == 0 {
            if fraction { exponent -= 1 }
            return
        }
        if significant < 19 {
            mantissa = mantissa * 10 + d
            significant += 1
            if fraction { exponent -= 1 }
        } else {
            // More digits than a UInt64 holds: fall back to the full parser.
            fits = false
            if !fraction { exponent += 1 }
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
