import Foundation

/// Builds `JSONValue`s from bytes with `JSONScanner`'s strict checks
/// (RFC 8259: valid UTF-8, valid escapes, no comments, no trailing bytes),
/// keeping object members in order and numbers as written.
public struct JSONParser {
    /// Departures from the strict grammar, for inputs that need them.
    public struct Options: Sendable {
        /// Nested arrays and objects allowed; deeper input is an error, not a stack overflow.
        public var maxDepth: Int
        /// Read `NaN`, `Infinity` and `-Infinity` as numbers (Python's `json.dumps` writes them).
        public var allowsNonFinite: Bool
        /// A key repeated in one object is an error (otherwise the first wins in look-ups).
        public var rejectsDuplicateKeys: Bool

        public init(maxDepth: Int = JSONValue.defaultMaxDepth, allowsNonFinite: Bool = false, rejectsDuplicateKeys: Bool = false) {
            self.maxDepth = maxDepth
            self.allowsNonFinite = allowsNonFinite
            self.rejectsDuplicateKeys = rejectsDuplicateKeys
        }
    }

    public var scanner: JSONScanner
    let options: Options

    public init(base: UnsafePointer<UInt8>, count: Int, options: Options = Options()) {
        scanner = JSONScanner(base: base, count: count, maxDepth: options.maxDepth)
        self.options = options
    }

    /// Parses one value (after whitespace); `depth` is its container's nesting depth.
    public mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        scanner.skipWhitespace()
        guard let b = scanner.peek() else { throw scanner.unexpected(.value) }
        switch b {
        case 0x22:
            return .string(decode(try scanner.scanString()))
        case 0x2D, 0x30...0x39:
            if options.allowsNonFinite, b == 0x2D, scanner.position + 1 < scanner.count, scanner.base[scanner.position + 1] == 0x49 {
                scanner.position += 1
                try scanner.scanLiteral("Infinity")
                return .number(JSONNumber(uncheckedText: "-Infinity", double: -.infinity))
            }
            let range = try scanner.scanNumber()
            return .number(number(range))
        case 0x7B:
            return .object(try members(depth: depth))
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
                default: throw scanner.unexpected(.commaOrBracket)
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
        case 0x4E where options.allowsNonFinite:
            try scanner.scanLiteral("NaN")
            return .number(JSONNumber(uncheckedText: "NaN", double: .nan))
        case 0x49 where options.allowsNonFinite:
            try scanner.scanLiteral("Infinity")
            return .number(JSONNumber(uncheckedText: "Infinity", double: .infinity))
        default:
            throw scanner.unexpected(.value)
        }
    }

    /// The members of the object whose `{` is at the scanner's position.
    private mutating func members(depth: Int) throws(JSONSyntaxError) -> [JSONMember] {
        guard depth < scanner.maxDepth else { throw JSONSyntaxError(kind: .tooDeep(scanner.maxDepth), offset: scanner.position) }
        scanner.position += 1
        var members: [JSONMember] = []
        scanner.skipWhitespace()
        if scanner.peek() == 0x7D { scanner.position += 1; return members }
        while true {
            scanner.skipWhitespace()
            let keyOffset = scanner.position
            let key = decode(try scanner.scanString())
            if options.rejectsDuplicateKeys, members.contains(where: { $0.key == key }) {
                throw JSONSyntaxError(kind: .duplicateKey(key), offset: keyOffset)
            }
            try scanner.expect(0x3A, .colon)
            members.append(JSONMember(key, try parseValue(depth: depth + 1)))
            scanner.skipWhitespace()
            switch scanner.peek() {
            case 0x2C: scanner.position += 1
            case 0x7D: scanner.position += 1; return members
            default: throw scanner.unexpected(.commaOrBrace)
            }
        }
    }

    func number(_ range: Range<Int>) -> JSONNumber {
        let text = String(decoding: UnsafeBufferPointer(start: scanner.base + range.lowerBound, count: range.count), as: UTF8.self)
        return JSONNumber(uncheckedText: text, double: JSONNumber.double(scanner.base, range))
    }

    /// The text of a scanned string, escapes resolved.
    public func decode(_ span: JSONScanner.StringSpan) -> String {
        JSONParser.decode(scanner.base, span)
    }

    /// The text of a string `JSONScanner` scanned in the bytes at `p`, escapes resolved.
    public static func decode(_ p: UnsafePointer<UInt8>, _ span: JSONScanner.StringSpan) -> String {
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
                if let encoded = UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append(contentsOf: encoded) }
            default: out.append(e) // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32 {
        guard i + 4 <= end else { return 0xFFFD }
        var value: UInt32 = 0
        for j in i..<(i + 4) { value = value << 4 | (JSONScanner.hexValue(p[j]) ?? 0) }
        return value
    }
}

extension JSONValue {
    /// The default nesting limit: records are flat and API responses 3 deep.
    public static let defaultMaxDepth = 64

    /// Parses exactly one JSON value from `bytes` (whitespace around it allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer, options: JSONParser.Options = JSONParser.Options()) throws(JSONSyntaxError) -> JSONValue {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw JSONSyntaxError(kind: .empty, offset: 0) }
        var parser = JSONParser(base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count, options: options)
        let value = try parser.parseValue()
        try parser.scanner.expectEnd()
        return value
    }

    public static func parse(_ bytes: [UInt8], options: JSONParser.Options = JSONParser.Options()) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue in try parse(buffer, options: options) }
        }
        return try result.get()
    }

    public static func parse(_ data: Data, options: JSONParser.Options = JSONParser.Options()) throws(JSONSyntaxError) -> JSONValue {
        try parse([UInt8](data), options: options)
    }

    public static func parse(_ text: String, options: JSONParser.Options = JSONParser.Options()) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), options: options)
    }

    /// Parses with the default options but at most `maxDepth` levels of nesting.
    public static func parse(_ bytes: [UInt8], maxDepth: Int) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes, options: JSONParser.Options(maxDepth: maxDepth))
    }
}
