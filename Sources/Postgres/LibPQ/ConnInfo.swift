import CLibPQ

/// libpq's own connection-string parser and defaults, in Swift types.
enum ConnInfo {
    /// One connection keyword as libpq knows it.
    struct Option: Sendable {
        var keyword: String
        /// The PG* variable libpq falls back to, if any.
        var environmentVariable: String?
        /// The value from the environment or libpq's compiled-in default.
        var defaultValue: String?
        /// libpq marks password-like keywords for hiding ("*").
        var isSecret: Bool
    }

    /// Parses a URL (`postgresql://...`) or keyword string (`host=... dbname=...`)
    /// into the keywords it sets, in libpq's order. Returns libpq's message on failure.
    static func parse(_ conninfo: String) -> Result<[(String, String)], ParseError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            defer { if let errorMessage { PQfreemem(errorMessage) } }
            let text = errorMessage.map { String(cString: $0) } ?? "out of memory"
            return .failure(ParseError(message: text.trimmingTrailingNewlines()))
        }
        defer { PQconninfoFree(options) }
        var result: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return .success(result)
    }

    struct ParseError: Error {
        var message: String
    }

    /// Every keyword libpq accepts, with the value it would use when none is given
    /// (read from the PG* environment variables of this process, or compiled in).
    static func defaults() -> [Option] {
        guard let options = PQconndefaults() else { return [] }
        defer { PQconninfoFree(options) }
        var result: [Option] = []
        var option = options
        while let keyword = option.pointee.keyword {
            result.append(Option(
                keyword: String(cString: keyword),
                environmentVariable: option.pointee.envvar.map { String(cString: $0) },
                defaultValue: option.pointee.val.map { String(cString: $0) },
                isSecret: option.pointee.dispchar.map { String(cString: $0) == "*" } ?? false))
            option += 1
        }
        return result
    }

    /// PQlibVersion as "major.minor" (e.g. 150020 → "15.20").
    static var libraryVersion: String {
        let version = Int(PQlibVersion())
        if version >= 100_000 { return "\(version / 10_000).\(version % 10_000)" }
        return "\(version / 10_000).\(version / 100 % 100).\(version % 100)"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
