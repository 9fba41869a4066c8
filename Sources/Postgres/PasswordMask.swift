import Foundation

/// Keeps passwords out of every text this module shows.
///
/// libpq and the server do not normally echo a password, but some libpq parse
/// errors quote the offending piece of a URL (e.g. a bad percent-encoding inside
/// the password), and connection strings themselves end up in messages. So the
/// module masks defensively: known secrets are replaced by `***` wherever they
/// appear, and anything shaped like a password in a URL or keyword string is too.
struct PasswordMask: Sendable, Hashable {
    static let placeholder = "***"

    private(set) var secrets: Set<String> = []

    init(secrets: [String] = []) {
        for secret in secrets { add(secret) }
    }

    /// Also the secrets written in a connection string (raw and percent-decoded).
    init(connectionString: String) {
        for secret in Self.passwords(in: connectionString) { add(secret) }
    }

    mutating func add(_ secret: String?) {
        guard let secret, !secret.isEmpty else { return }
        secrets.insert(secret)
        if let decoded = secret.removingPercentEncodingLeniently(), decoded != secret, !decoded.isEmpty {
            secrets.insert(decoded)
        }
    }

    mutating func formUnion(_ other: PasswordMask) {
        secrets.formUnion(other.secrets)
    }

    /// `text` with every known secret and every password-shaped piece replaced by `***`.
    func apply(_ text: String) -> String {
        var result = Self.maskConnectionStrings(in: text)
        // Longest first, so a secret that contains another is masked whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) {
            if secret.count >= 3 {
                result = result.replacingAll(secret, with: Self.placeholder)
            } else {
                // Masking a one- or two-character secret everywhere would garble the
                // text; libpq quotes what it echoes, so mask the quoted form.
                result = result.replacingAll("\"\(secret)\"", with: "\"\(Self.placeholder)\"")
            }
        }
        return result
    }

    // MARK: - Finding passwords in connection strings

    /// The passwords written in a URL's user info or in `password=` keywords.
    static func passwords(in text: String) -> [String] {
        var found: [String] = []
        for range in urlPasswordRanges(in: text) { found.append(String(text[range])) }
        for range in keywordPasswordRanges(in: text) {
            var value = String(text[range])
            if value.hasPrefix("'") {
                value = String(value.dropFirst().dropLast(value.hasSuffix("'") && value.count > 1 ? 1 : 0))
                value = value.replacingAll("\\'", with: "'").replacingAll("\\\\", with: "\\")
            }
            found.append(value)
        }
        return found
    }

    /// `text` with URL passwords (`scheme://user:PASSWORD@host`) and
    /// `password=VALUE` keywords replaced by `***`.
    static func maskConnectionStrings(in text: String) -> String {
        let ranges = (urlPasswordRanges(in: text) + keywordPasswordRanges(in: text))
            .filter { !$0.isEmpty }
            .sorted { $0.lowerBound > $1.lowerBound }
        var result = text
        var lastLower: String.Index?
        for range in ranges {
            if let lastLower, range.upperBound > lastLower { continue }  // overlapping; already masked
            result.replaceSubrange(range, with: placeholder)
            lastLower = range.lowerBound
        }
        return result
    }

    /// Ranges of the password in `scheme://user:password@...`, parsed the way libpq
    /// does: the user info ends at the first `@` before any `/`.
    private static func urlPasswordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let scheme = text.range(of: "://", range: searchStart..<text.endIndex) {
            var index = scheme.upperBound
            var colon: String.Index?
            var at: String.Index?
            while index < text.endIndex {
                let character = text[index]
                if character == "@" { at = index; break }
                if character == "/" || character.isWhitespace { break }
                if character == ":" && colon == nil { colon = index }
                index = text.index(after: index)
            }
            if let at, let colon, colon < at {
                ranges.append(text.index(after: colon)..<at)
            }
            searchStart = scheme.upperBound
        }
        return ranges
    }

    /// Ranges of the value in `password = value` or `password='quoted value'`
    /// (also `sslpassword`), as in libpq keyword strings.
    private static func keywordPasswordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let keyword = text.range(of: "password", options: .caseInsensitive, range: searchStart..<text.endIndex) {
            searchStart = keyword.upperBound
            var index = keyword.upperBound
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            guard index < text.endIndex, text[index] == "=" else { continue }
            index = text.index(after: index)
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            let valueStart = index
            if index < text.endIndex, text[index] == "'" {
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "'" {
                    if text[index] == "\\" { index = text.index(after: index) }
                    if index < text.endIndex { index = text.index(after: index) }
                }
                if index < text.endIndex { index = text.index(after: index) }
            } else {
                while index < text.endIndex, !text[index].isWhitespace, text[index] != "&" { index = text.index(after: index) }
            }
            if valueStart < index { ranges.append(valueStart..<index) }
            searchStart = index
        }
        return ranges
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }

    /// Percent-decoding that leaves invalid escapes as they are instead of failing.
    func removingPercentEncodingLeniently() -> String? {
        guard contains("%") else { return nil }
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
