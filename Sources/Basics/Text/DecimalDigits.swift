/// Decimal digits appended to a byte buffer, without building a String:
/// dates, times and the numbers of COPY rows are written this way.
public enum DecimalDigits {
    /// A non-negative number in decimal, left-padded with zeros to `width`.
    @inlinable
    public static func append(_ value: Int, width: Int = 0, to bytes: inout [UInt8]) {
        append(UInt64(value.magnitude), width: width, to: &bytes)
    }

    /// The decimal digits of `magnitude`, left-padded with zeros to `width`.
    @inlinable
    public static func append(_ magnitude: UInt64, width: Int = 0, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            var rest = magnitude
            repeat {
                digits[count] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            var padding = width - count
            while padding > 0 { bytes.append(0x30); padding -= 1 }
            while count > 0 { count -= 1; bytes.append(digits[count]) }
        }
    }
}
