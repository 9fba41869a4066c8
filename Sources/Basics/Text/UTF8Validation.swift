/// Well-formed UTF-8, checked in place (JSON strings, CSV fields).
public enum UTF8Validation {
    /// The length of the well-formed UTF-8 sequence starting at `i` (first
    /// byte ≥ 0x80), or nil when it is ill-formed (overlong, surrogate, beyond
    /// U+10FFFF, truncated). Follows the table in the Unicode standard, section 3.9.
    @inlinable
    public static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int? {
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < count && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : nil
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : nil
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default: return nil
        }
    }

    /// True when the bytes in `range` are well-formed UTF-8.
    @inlinable
    public static func isValid(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            if p[i] < 0x80 { i += 1; continue }
            guard let n = sequenceLength(p, at: i, count: range.upperBound) else { return false }
            i += n
        }
        return true
    }
}
