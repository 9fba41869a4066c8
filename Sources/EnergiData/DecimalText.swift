/// Decimal number text: fast, locale-independent conversion to Double, and the
/// normalisation of CSV numbers (decimal comma or point) to JSON number text.
enum DecimalText {
    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// The Double for JSON number text in `range` (already known to be valid
    /// JSON grammar). Uses the exact fast path (Clinger) when the digits fit
    /// 2^53 and the power of ten is at most 22, else Swift's correctly rounded
    /// parser, which is locale-independent.
    static func double(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Double {
        var i = range.lowerBound
        let end = range.upperBound
        var negative = false
        if i < end, p[i] == 0x2D { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var fits = true
        while i < end, isDigit(p[i]) {
            accumulate(p[i], &mantissa, &significant, &fits, &exponent, fraction: false)
            i += 1
        }
        if i < end, p[i] == 0x2E {
            i += 1
            while i < end, isDigit(p[i]) {
                accumulate(p[i], &mantissa, &significant, &fits, &exponent, fraction: true)
                i += 1
            }
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

    /// JSON number text for a CSV number such as `567,489990`, `-0.5`, `+3`,
    /// `.5` or `1e-05`; nil when `bytes` are not a plain decimal number (text,
    /// thousands separators, two decimal marks). `allowComma` accepts `,` as the
    /// decimal mark (files separated by `;`).
    static func normalizeCSVNumber(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, allowComma: Bool) -> String? {
        var written: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count + 2) { buffer, count in
            written = writeCSVNumber(p, range, allowComma: allowComma, checkFinite: false, to: buffer.baseAddress!)
            count = written ?? 0
        }
        return written == nil ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the JSON number text of a CSV number (see `normalizeCSVNumber`)
    /// at `out`, which has room for `range.count + 2` bytes; returns how
    /// many were written. Nil when the bytes are not a plain decimal number,
    /// or, with `checkFinite`, when the number does not fit a finite Double.
    static func writeCSVNumber(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, allowComma: Bool, checkFinite: Bool = true,
                               to out: UnsafeMutablePointer<UInt8>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        guard i < end else { return nil }
        var n = 0
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        let integerStart = i
        while i < end, isDigit(p[i]) { i += 1 }
        var integer = integerStart..<i
        while integer.count > 1, p[integer.lowerBound] == 0x30 { integer = (integer.lowerBound + 1)..<integer.upperBound }
        var fraction = i..<i
        if i < end, p[i] == 0x2E || (allowComma && p[i] == 0x2C) {
            i += 1
            let fractionStart = i
            while i < end, isDigit(p[i]) { i += 1 }
            fraction = fractionStart..<i
        }
        guard integer.count + fraction.count > 0 else { return nil }
        if negative { out[n] = 0x2D; n += 1 }
        if integer.isEmpty { out[n] = 0x30; n += 1 } else { put(out, &n, p + integer.lowerBound, integer.count) }
        if !fraction.isEmpty {
            out[n] = 0x2E
            n += 1
            put(out, &n, p + fraction.lowerBound, fraction.count)
        }
        var hasExponent = false
        if i < end, p[i] == 0x65 || p[i] == 0x45 {
            hasExponent = true
            out[n] = 0x65
            n += 1
            i += 1
            if i < end, p[i] == 0x2B || p[i] == 0x2D { out[n] = p[i]; n += 1; i += 1 }
            let exponentStart = i
            while i < end, isDigit(p[i]) { out[n] = p[i]; n += 1; i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == end else { return nil }
        // Up to 308 integer digits and no exponent always fit a finite Double.
        if checkFinite, hasExponent || integer.count > 308, !DecimalText.double(UnsafePointer(out), 0..<n).isFinite { return nil }
        return n
    }
}
