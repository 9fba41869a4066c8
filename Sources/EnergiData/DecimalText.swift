import Basics

/// The normalisation of CSV numbers (decimal comma or point) to JSON number
/// text. (Their value as a Double is `JSONNumber.double`.)
enum DecimalText {
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
        if checkFinite, hasExponent || integer.count > 308, !JSONNumber.double(UnsafePointer(out), 0..<n).isFinite { return nil }
        return n
    }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
