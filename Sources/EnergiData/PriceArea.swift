import Basics

/// Which `PriceArea` values EnergiFlow accepts.
///
/// Rule: the areas found in Energi Data Service data are accepted by name
/// (`known`: DK1, DK2, DE, NO2, SE3, SE4, SYSTEM); any other area is accepted
/// when it is well-formed, i.e. matches `^[A-Z]{2}[0-9]?$` (a country code with
/// an optional zone digit, such as NO1, SE1, NL or GB). Everything else —
/// lower case, spaces, longer names, empty text — is an unknown area and the
/// record is rejected.
public enum PriceArea {
    public static let known: Set<String> = ["DK1", "DK2", "DE", "NO2", "SE3", "SE4", "SYSTEM"]

    /// True when `area` is known or well-formed (see the rule above).
    public static func isAcceptable(_ area: String) -> Bool {
        isWellFormed(area) || known.contains(area)
    }

    /// True when `area` matches `^[A-Z]{2}[0-9]?$`.
    public static func isWellFormed(_ area: String) -> Bool {
        var area = area
        return area.withUTF8 { b in
            guard b.count == 2 || b.count == 3 else { return false }
            let upper: (UInt8) -> Bool = { $0 >= 0x41 && $0 <= 0x5A }
            return upper(b[0]) && upper(b[1]) && (b.count == 2 || isDigit(b[2]))
        }
    }

    /// The rejection reason for an unacceptable area.
    static func problem(_ area: String) -> String {
        "unknown area \(quoted(area)): expected DK1, DK2, SYSTEM or another known area, or two capital letters and an optional digit"
    }
}

/// `"text"` for messages, cut to 60 characters, with JSON escapes so that
/// control characters never reach a terminal raw.
func quoted(_ text: String) -> String {
    let cut = text.count > 60 ? String(text.prefix(60)) + "…" : text
    return JSONWriter.string(.string(cut))
}
