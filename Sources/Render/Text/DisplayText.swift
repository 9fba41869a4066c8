/// Terminal text helpers: how many columns a string takes, cutting to a width
/// with `…`, padding, and making control characters visible.
///
/// The width rule is deliberately small: one column per grapheme (Danish
/// æ/ø/å, `…`, box drawing and braille included), zero for combining marks
/// and invisible format characters, two for East Asian wide/fullwidth
/// characters and emoji. That is what common terminals do for the text this
/// program shows; it is not a full implementation of UAX #11.
public enum DisplayText {
    /// Columns `text` takes on a terminal. Expects text without escape codes
    /// (strip them first) and without control characters (escape them first).
    public static func width(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text {
            total += width(of: character)
        }
        return total
    }

    /// Columns one grapheme takes: 0, 1 or 2.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
        var visible = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { return 2 } // emoji presentation selector
            if isWide(scalar) { return 2 }
            if !isZeroWidth(scalar) { visible = true }
        }
        return visible ? 1 : 0
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x1100 { return false }
        if scalar.properties.isEmojiPresentation { return true }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `maxWidth` columns, ending in `…` when cut.
    /// `asciiOnly` uses `...` instead (for the plain-ASCII chart style).
    public static func truncate(_ text: String, to maxWidth: Int, asciiOnly: Bool = false) -> String {
        guard maxWidth > 0 else { return "" }
        if width(text) <= maxWidth { return text }
        let mark = asciiOnly ? "..." : "…"
        let markWidth = asciiOnly ? 3 : 1
        if maxWidth <= markWidth { return String(mark.prefix(maxWidth)) }
        var kept = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > maxWidth - markWidth { break }
            kept.append(character)
            used += w
        }
        return kept + mark
    }

    /// `text` followed by spaces up to `targetWidth` columns.
    public static func padRight(_ text: String, to targetWidth: Int) -> String {
        let missing = targetWidth - width(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// Spaces up to `targetWidth` columns, then `text`.
    public static func padLeft(_ text: String, to targetWidth: Int) -> String {
        let missing = targetWidth - width(text)
        return missing > 0 ? String(repeating: " ", count: missing) + text : text
    }

    /// `text` with control characters made visible, so data can never move
    /// the cursor, change colours or break a table's lines: newline, carriage
    /// return and tab become `\n`, `\r`, `\t`; other C0/C1 controls, DEL,
    /// line/paragraph separators and invisible format characters (bidi
    /// overrides, zero-width space, BOM) become `\u{1B}`-style escapes.
    /// A zero-width joiner is kept (emoji sequences need it). Backslashes are
    /// not doubled: a table is for reading, CSV/JSON are for round trips.
    public static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0xA0 { return false }
        if v == 0x200D { return false }
        if v == 0x2028 || v == 0x2029 { return true }
        return scalar.properties.generalCategory == .format
    }
}
