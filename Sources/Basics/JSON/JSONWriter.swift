/// Writes JSON compactly (no spaces), keeping member order and number text.
/// Every JSON EnergiFlow writes goes through here: records kept for the
/// store, plugin input, `json` output, the stats and broker files.
///
/// The one escape rule, RFC 8259's minimum: in a string, `"` and `\` are
/// escaped, and the control characters U+0000 to U+001F, as `\b \f \n \r \t`
/// where those exist and as `\u00XX` (lowercase hex) otherwise. Everything
/// else, DEL (0x7F), U+2028 and U+2029 included, is written as UTF-8. This
/// is PostgreSQL's own rule for `json` output (`escape_json`), so text the
/// store gives back reads the same, and a record the API sent comes back out
/// byte for byte; every JSON reader reads it (U+2028/U+2029 matter only
/// inside JavaScript source older than ES2019, which we do not write).
public enum JSONWriter {
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The compact JSON of an object with these members, in order.
    public static func bytes(members: [JSONMember]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(members.count * 24 + 2)
        writeObject(members, into: &out)
        return out
    }

    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(true): out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        // NaN and infinities read from a plugin; a number too big for a Double
        // (1e400) is JSON and is kept as written.
        case .number(let n) where !n.isJSON: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(0x5B)
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(0x2C) }
                write(element, into: &out)
            }
            out.append(0x5D)
        case .object(let members): writeObject(members, into: &out)
        }
    }

    static func writeObject(_ members: [JSONMember], into out: inout [UInt8]) {
        out.append(0x7B)
        for (k, member) in members.enumerated() {
            if k > 0 { out.append(0x2C) }
            writeString(member.key, into: &out)
            out.append(0x3A)
            write(member.value, into: &out)
        }
        out.append(0x7D)
    }

    /// `s` as a JSON string literal (see the escape rule above).
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            out.append(0x22)
            var plain = true
            var k = 0
            while k < bytes.count {
                let b = bytes[k]
                if b < 0x20 || b == 0x22 || b == 0x5C { plain = false; break }
                k += 1
            }
            if plain {
                out.append(contentsOf: bytes)
            } else {
                for b in bytes { appendEscaped(b, to: &out) }
            }
            out.append(0x22)
        }
    }

    /// A Double as JSON: Swift's shortest text that reads back the same,
    /// always with a fraction or exponent (`12.0`, `1e-05`) so readers keep
    /// it a double; `null` for NaN and infinities, which JSON cannot hold.
    public static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
        out.append(contentsOf: d.description.utf8)
    }

    public static func writeInteger(_ i: Int64, into out: inout [UInt8]) {
        if i < 0 { out.append(0x2D) }
        DecimalDigits.append(i.magnitude, to: &out)
    }

    /// `s` as a JSON string literal, as text.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x22: out.append(contentsOf: [0x5C, 0x22])
        case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: out.append(contentsOf: [0x5C, 0x72])
        case 0x09: out.append(contentsOf: [0x5C, 0x74])
        case 0x08: out.append(contentsOf: [0x5C, 0x62])
        case 0x0C: out.append(contentsOf: [0x5C, 0x66])
        case ..<0x20: out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
        default: out.append(b)
        }
    }
}

extension JSONValue {
    /// Compact JSON bytes of this value.
    public var compactBytes: [UInt8] { JSONWriter.bytes(self) }
    /// Compact JSON text of this value.
    public var compactString: String { JSONWriter.string(self) }
}
