/// Why bytes are not JSON, and at which byte offset. `reason` says what is
/// wrong and what was expected (`unexpected '}', expected a quoted key`);
/// `description` adds the offset. Callers place it their own way: ingest's
/// rejects say `not JSON: <description>`, plugins name the line and column.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case empty
        case unexpectedByte(UInt8, expected: Expected)
        case unexpectedEnd(expected: Expected)
        case trailingBytes(UInt8)
        case invalidUTF8
        case controlCharacter(UInt8)
        case invalidEscape(UInt8)
        case invalidUnicodeEscape
        case unpairedSurrogate
        case leadingZero
        case duplicateKey(String)
        case tooDeep(Int)
    }

    /// What the parser was looking for where it failed.
    public enum Expected: Sendable, Equatable {
        case value, key, colon, commaOrBrace, commaOrBracket, digit, closingQuote
        case literal(String)

        var text: String {
            switch self {
            case .value: "a JSON value"
            case .key: "a quoted key"
            case .colon: "':' after the key"
            case .commaOrBrace: "',' or '}'"
            case .commaOrBracket: "',' or ']'"
            case .digit: "a digit"
            case .closingQuote: "'\"' to close the string"
            case .literal(let word): word
            }
        }
    }

    public let kind: Kind
    /// The 0-based byte offset of the fault.
    public let offset: Int

    @inlinable
    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// What is wrong, without the offset.
    public var reason: String {
        switch kind {
        case .empty: "empty input"
        case .unexpectedByte(let b, let expected): "unexpected \(Self.show(b)), expected \(expected.text)"
        case .unexpectedEnd(let expected): "unexpected end of input, expected \(expected.text)"
        case .trailingBytes(let b): "unexpected \(Self.show(b)) after the JSON value"
        case .invalidUTF8: "invalid UTF-8"
        case .controlCharacter(let b): "unescaped control character \(Self.hex(b)) in a string"
        case .invalidEscape(let b): "invalid escape \\\(Self.printable(b) ?? "?") in a string"
        case .invalidUnicodeEscape: "invalid \\u escape in a string (it needs 4 hex digits)"
        case .unpairedSurrogate: "unpaired UTF-16 surrogate in a \\u escape"
        case .leadingZero: "a number may not start with 0"
        case .duplicateKey(let key): "the key \"\(key)\" appears twice"
        case .tooDeep(let limit): "nesting deeper than \(limit) levels"
        }
    }

    /// `reason at offset N`.
    public var description: String { "\(reason) at offset \(offset)" }

    /// The same error at an offset `delta` bytes further on (for a value read
    /// out of a larger input).
    public func shifted(by delta: Int) -> JSONSyntaxError {
        JSONSyntaxError(kind: kind, offset: offset + delta)
    }

    /// `'x'` for printable ASCII, `byte 0xFF` otherwise.
    static func show(_ b: UInt8) -> String {
        if let p = printable(b) { return "'\(p)'" }
        return "byte " + hex(b)
    }

    /// `0x0A`.
    static func hex(_ b: UInt8) -> String {
        let digits = String(b, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }

    static func printable(_ b: UInt8) -> String? {
        (b >= 0x21 && b < 0x7F) ? String(UnicodeScalar(b)) : nil
    }
}
