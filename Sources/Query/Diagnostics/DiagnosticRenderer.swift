/// Renders a `QueryError` as text with the offending line and carets:
///
///     error: unknown stage 'decdie'
///      --> queries/x.efq:3:7
///       |
///     3 | daily area=DK1 | decdie | chart
///       |                  ^^^^^^ did you mean 'decide'?
///       = note: …
///
/// The `-->` line appears only when the source has a name (a file). The
/// gutter is as wide as the line number. Carets cover the range's characters
/// on its first line (at least one caret; an empty range at the end of a line
/// gets one caret just after it). In the echoed line a tab shows as one space
/// and characters that do not print as `�`, so carets stay aligned (East
/// Asian wide characters still shift them). Without a source (an error about
/// a spec, say) it is `error: message: label` and the note.
public enum DiagnosticRenderer {
    public static func render(_ error: QueryError) -> String {
        var out = "error: " + printable(error.message)
        guard let source = error.source else {
            if let label = error.label { out += ": " + printable(label) }
            if let note = error.note { out += "\n  = note: " + printable(note) }
            return out
        }
        let start = source.position(at: error.range.start.offset)
        let end = source.position(at: error.range.end.offset)
        let number = String(start.line)
        let pad = String(repeating: " ", count: number.count)
        if let name = source.name {
            out += "\n\(pad)--> \(printable(name)):\(start.line):\(start.column)"
        }
        let line = Array(shown(source.line(start.line)))
        let caretStart = min(start.column - 1, line.count)
        let caretEnd = end.line == start.line ? end.column - 1 : line.count
        let width = max(1, min(caretEnd, line.count) - caretStart)
        var caretLine = String(repeating: " ", count: caretStart) + String(repeating: "^", count: width)
        if let label = error.label { caretLine += " " + printable(label) }
        out += "\n\(pad) |"
        out += "\n\(number) | " + String(line)
        out += "\n\(pad) | " + caretLine
        if let note = error.note { out += "\n\(pad) = note: " + printable(note) }
        return out
    }

    /// `text` with characters that do not print (controls, line and paragraph
    /// separators, format characters) shown as `�`, tabs as one space.
    public static func printable(_ text: String) -> String {
        if text.allSatisfy({ isPrintable($0) }) { return text }
        return String(text.map { c -> Character in
            if c == "\t" { return " " }
            return isPrintable(c) ? c : "\u{FFFD}"
        })
    }

    /// A source line for echoing: every character stays one character, so columns line up.
    static func shown(_ line: String) -> String {
        String(line.map { c -> Character in
            if c == "\t" { return " " }
            return isPrintable(c) ? c : "\u{FFFD}"
        })
    }

    static func isPrintable(_ c: Character) -> Bool {
        for scalar in c.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format, .surrogate, .unassigned, .privateUse:
                // Zero-width joiners inside emoji sequences are fine.
                if scalar == "\u{200D}" && c.unicodeScalars.count > 1 { continue }
                return false
            default:
                continue
            }
        }
        return true
    }
}
