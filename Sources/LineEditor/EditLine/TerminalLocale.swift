#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libedit decodes keystrokes with the C library's multibyte functions, so
/// LC_CTYPE must name UTF-8 before el_init, or "æ" arrives as two broken
/// characters. This changes process-wide state, once.
enum TerminalLocale {
    private static let setUp: Bool = {
        for candidate in ["", "C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if setlocale(LC_CTYPE, candidate) != nil, isUTF8 { return true }
        }
        _ = setlocale(LC_CTYPE, "")
        return false
    }()

    private static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }

    /// Sets LC_CTYPE from the environment, or to C.UTF-8 when that is not UTF-8.
    @discardableResult
    static func enableUTF8() -> Bool { setUp }
}
