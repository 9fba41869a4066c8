import Foundation

/// Builds `JSONValue`s from bytes with `JSONScanner`'s strict checks.
struct JSONParser {
    var scanner: JSONScanner

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        scanner = JSONScanner(base: base, count: count, maxDepth: maxDepth)
    }

    /// Parses one value (after whitespace); `depth` is its container's nesting depth.
    mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        scanner.skipWhitespace()
        guard let b = scanner.peek() else { throw JSONSyntaxError(kind: .unexpectedEnd, offset: scanner.position) }
        switch b {
        case 0x22:
            return .string(decode(try scanner.scanString()))
        case 0x2D, 0x30...0x39:
            let range = try scanner.scanNumber()
            return .number(number(range))
        case 0x7B:
            guard depth < scanner.maxDepth else { throw JSONSyntaxError(kind: .tooDeep(scanner.maxDepth), offset: scanner.position) }
            scanner.position += 1
            var members: [JSONMember] = []
            scanner.skipWhitespace()
            if scanner.peek() == 0x7D { scanner.position += 1; return .object(members) }
            while true {
                scanner.skipWhitespace()
                let key = decode(try scanner.scanString())
                try scanner.expect(0x3A)
                members.append(JSONMember(key, try parseValue(depth: depth + 1)))
                scanner.skipWhitespace()
                switch scanner.peek() {
                case 0x2C: scanner.position += 1
                case 0x7D: scanner.position += 1; return .object(members)
                default: throw scanner.unexpected()
                }
            }
        case 0x5B:
            guard depth < scanner.maxDepth else { throw JSONSyntaxError(kind: .tooDeep(scanner.maxDepth), offset: scanner.position) }
            scanner.position += 1
            var elements: [JSONValue] = []
            scanner.skipWhitespace()
            if scanner.peek() == 0x5D { scanner.position += 1; return .array(elements) }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                scanner.skipWhitespace()
                switch scanner.peek() {
                case 0x2C: scanner.position += 1
                case 0x5D: scanner.position += 1; return .array(elements)
                default: throw scanner.unexpected()
                }
            }
        case 0x74:
            try scanner.scanLiteral("true")
            return .bool(true)
        case 0x66:
            try scanner.scanLiteral("false")
            return .bool(false)
        case 0x6E:
            try scanner.scanLiteral("null")
            return .null
        default:
            throw scanner.unexpected()
        }
    }

    func number(_ range: Range<Int>) -> JSONNumber {
        let text = String(decoding: UnsafeBufferPointer(start: scanner.base + range.lowerBound, count: range.count), as: UTF8.self)
        return JSONNumber(uncheckedText: text, double: DecimalText.double(scanner.base, range))
    }

    /// The text of a scanned string, escapes resolved.
    func decode(_ span: JSONScanner.StringSpan) -> String {
        JSONParser.decode(scanner.base, span)
    }

    static func decode(_ p: UnsafePointer<UInt8>, _ span: JSONScanner.StringSpan) -> String {
        if !span.escaped {
            return String(decoding: UnsafeBufferPointer(start: p + span.start, count: span.end - span.start), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            let b = p[i]
            guard b == 0x5C, i + 1 < span.end else { out.append(b); i += 1; continue }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = hex4(p, i, span.end)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF, i + 6 <= span.end, p[i] == 0x5C, p[i + 1] == 0x75 {
                    let low = hex4(p, i + 2, span.end)
                    if low >= 0xDC00 && low <= 0xDFFF {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e) // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32 {
        guard i + 4 <= end else { return 0xFFFD }
        var value: UInt32 = 0
        for j in i..<(i + 4) { value = value << 4 | (hexValue(p[j]) ?? 0) }
        return value
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if let encoded = UTF8.encode(scalar) { out.append(contentsOf: encoded) }
    }
}

extension JSONValue {
    /// The default nesting limit: records are flat and API responses 3 deep.
    public static let defaultMaxDepth = 64

    /// Parses exactly one JSON value from `bytes` (whitespace around it allowed).
    /// Strict RFC 8259: no trailing bytes, no comments, valid UTF-8, valid
    /// escapes, at most `maxDepth` nested arrays/objects. The error's message
    /// says what is wrong and its `offset` where.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(EnergiDataError) -> JSONValue {
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            throw EnergiDataError(.notJSON, "not JSON: empty input", offset: 0)
        }
        var parser = JSONParser(base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: maxDepth)
        do {
            let value = try parser.parseValue()
            try parser.scanner.expectEnd()
            return value
        } catch {
            throw EnergiDataError(.notJSON, "not JSON: \(error)", offset: error.offset, cause: "\(error)")
        }
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(EnergiDataError) -> JSONValue {
        let result: Result<JSONValue, EnergiDataError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(EnergiDataError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    public static func parse(_ data: Data, maxDepth: Int = defaultMaxDepth) throws(EnergiDataError) -> JSONValue {
        try parse([UInt8](data), maxDepth: maxDepth)
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(EnergiDataError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}
