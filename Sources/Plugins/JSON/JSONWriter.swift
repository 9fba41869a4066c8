/// Appends JSON text to a byte buffer: what the row encoder and the
/// `ENERGIFLOW_SCHEMA` variable need, nothing more.
enum JSONWriter {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else as UTF-8.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// A double as JSON: always with a fraction or exponent (`12.0`, `1e-05`) so
    /// readers keep it a double; non-finite values as `null` (JSON has none).
    static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: Array("null".utf8)); return }
        // Swift's description is the shortest text that reads back exactly.
        out.append(contentsOf: Array(d.description.utf8))
    }

    static func appendInteger(_ i: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: Array(String(i).utf8))
    }

    static func string(_ s: String) -> String {
        var out: [UInt8] = []
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
