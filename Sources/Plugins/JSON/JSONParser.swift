/// A strict JSON parser over UTF-8 bytes (RFC 8259), written here rather than
/// using JSONSerialization because plugins need three things it does not
/// give: object keys in the order written (the output's column order),
/// integers told apart from decimals, and an error with the column at fault.
///
/// One document per call: a line of NDJSON or a whole manifest.
struct JSONParser {
    struct Failure: Error, Sendable, Hashable {
        var message: String
        /// 0-based byte offset into the input.
        var offset: Int
    }

    /// Accept `NaN`, `Infinity`, `-Infinity` (Python's json.dumps writes them by default).
    var allowsNonFinite = true
    /// Deeper nesting is rejected instead of overflowing the stack.
    var maxDepth = 200

    static func parse(_ text: String, allowsNonFinite: Bool = true) throws(Failure) -> JSONValue {
        var utf8 = Array(text.utf8)
        return try utf8.withUnsafeMutableBufferPointer { (buffer) throws(Failure) -> JSONValue in
            try JSONParser(allowsNonFinite: allowsNonFinite).parse(UnsafeBufferPointer(buffer))
        }
    }

    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var reader = Reader(bytes: bytes, allowsNonFinite: allowsNonFinite, maxDepth: maxDepth)
        reader.skipSpace()
        guard reader.index < bytes.count else { throw Failure(message: "the line is empty, expected a JSON value", offset: 0) }
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == bytes.count else {
            throw Failure(message: "unexpected \(reader.describeHere()) after the JSON value", offset: reader.index)
        }
        return value
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let allowsNonFinite: Bool
        let maxDepth: Int
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, allowsNonFinite: Bool, maxDepth: Int) {
            self.bytes = bytes
            self.allowsNonFinite = allowsNonFinite
            self.maxDepth = maxDepth
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func describeHere() -> String {
            guard index < bytes.count else { return "end of line" }
            let b = bytes[index]
            if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            return "byte 0x" + String(b, radix: 16)
        }

        func fail(_ message: String) -> Failure { Failure(message: message, offset: index) }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
            guard index < bytes.count else { throw fail("unexpected end of line, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "N") where allowsNonFinite: try literal("NaN"); return .number(.nan)
            case UInt8(ascii: "I") where allowsNonFinite: try literal("Infinity"); return .number(.infinity)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("unexpected \(describeHere()), expected a JSON value")
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let start = index
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { throw Failure(message: "unexpected \(describeHere()), expected a JSON value", offset: start) }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            for i in 0..<count where bytes[index + i] != expected[i] {
                throw Failure(message: "unexpected \(describeHere()), expected a JSON value", offset: start)
            }
            index += count
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var object = JSONObject()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail("unexpected \(describeHere()), expected a quoted key")
                }
                let keyStart = index
                let key = try string()
                if object.keys.contains(key) { throw Failure(message: "the key \"\(key)\" appears twice", offset: keyStart) }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw fail("unexpected \(describeHere()), expected ':' after the key")
                }
                index += 1
                skipSpace()
                object.keys.append(key)
                object.values.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end of line, expected ',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
                throw fail("unexpected \(describeHere()), expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end of line, expected ',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw fail("unexpected \(describeHere()), expected ',' or ']'")
            }
        }

        mutating func number() throws(Failure) -> JSONValue {
            let start = index
            if bytes[index] == UInt8(ascii: "-") {
                index += 1
                if allowsNonFinite, index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                    try literal("Infinity")
                    return .number(-.infinity)
                }
            }
            func digits(_ r: inout Reader) -> Int {
                let s = r.index
                while r.index < r.bytes.count, r.bytes[r.index] >= 0x30, r.bytes[r.index] <= 0x39 { r.index += 1 }
                return r.index - s
            }
            let intStart = index
            let intDigits = digits(&self)
            guard intDigits > 0 else { throw fail("unexpected \(describeHere()), expected a digit") }
            if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
                throw Failure(message: "a number may not start with 0", offset: intStart)
            }
            var isInteger = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard digits(&self) > 0 else { throw fail("unexpected \(describeHere()), expected a digit after '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { throw fail("unexpected \(describeHere()), expected a digit in the exponent") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, let i = Int64(text) { return .integer(i) }
            guard let d = Double(text) else { throw Failure(message: "the number \(text) cannot be read", offset: start) }
            return .number(d)
        }

        mutating func string() throws(Failure) -> String {
            let open = index
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { throw fail("a control character (byte 0x\(String(b, radix: 16))) inside a string must be escaped") }
                index += 1
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { throw fail("a control character (byte 0x\(String(b, radix: 16))) inside a string must be escaped") }
                if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
                index += 1
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by \u and a low one.
                        guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("a lone surrogate \\u\(String(scalar, radix: 16)) in a string")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("a lone surrogate \\u\(String(scalar, radix: 16)) in a string")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("an invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    index -= 1
                    throw fail("an invalid escape \\\(describeHere().trimmingQuotes) in a string")
                }
            }
            throw Failure(message: "a string that is never closed", offset: open)
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard bytes.count - index >= 4 else { throw fail("a \\u escape needs four hex digits") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[index]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw fail("a \\u escape needs four hex digits")
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }
    }
}

private extension String {
    var trimmingQuotes: String { hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self }
}
