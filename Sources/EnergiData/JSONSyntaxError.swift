/// Why bytes are not JSON, and at which byte offset. Internal: callers see it
/// as an `EnergiDataError` with code `.notJSON` or as a rejection reason.
struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case empty
        case unexpectedByte(UInt8)
        case unexpectedEnd
        case invalidUTF8
        case controlCharacter(UInt8)
        case invalidEscape(UInt8)
        case invalidUnicodeEscape
        case unpairedSurrogate
        case tooDeep(Int)
        case trailingBytes(UInt8)
    }

    let kind: Kind
    let offset: Int

    var description: String {
        switch kind {
        case .empty: "empty input"
        case .unexpectedByte(let b): "unexpected byte \(JSONSyntaxError.show(b)) at offset \(offset)"
        case .unexpectedEnd: "unexpected end of input at offset \(offset) (truncated?)"
        case .invalidUTF8: "invalid UTF-8 at offset \(offset)"
        case .controlCharacter(let b): "unescaped control character \(JSONSyntaxError.show(b)) in a string at offset \(offset)"
        case .invalidEscape(let b): "invalid escape \\\(JSONSyntaxError.printable(b) ?? "?") at offset \(offset)"
        case .invalidUnicodeEscape: "invalid \\u escape at offset \(offset) (needs 4 hex digits)"
        case .unpairedSurrogate: "unpaired UTF-16 surrogate in a \\u escape at offset \(offset)"
        case .tooDeep(let limit): "nesting deeper than \(limit) levels at offset \(offset)"
        case .trailingBytes(let b): "unexpected byte \(JSONSyntaxError.show(b)) after the JSON value at offset \(offset)"
        }
    }

    /// `'x'` for printable ASCII, `0xFF` otherwise.
    static func show(_ b: UInt8) -> String {
        if let p = printable(b) { return "'\(p)'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    static func printable(_ b: UInt8) -> String? {
        (b >= 0x21 && b < 0x7F) ? String(UnicodeScalar(b)) : nil
    }
}
