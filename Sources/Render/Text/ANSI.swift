/// Every escape sequence EnergiFlow writes: SGR styling, which renderers
/// use only when their `color` option is true (with colour off no escape
/// byte is ever produced), and the cursor movements of what is redrawn in
/// place on a terminal (a progress line, a live chart).
public enum ANSI {
    /// An SGR attribute set, e.g. bold or a foreground colour.
    public struct Style: Sendable, Hashable {
        public var codes: [Int]
        public init(_ codes: [Int]) { self.codes = codes }

        public static let bold = Style([1])
        public static let dim = Style([2])
        public static let red = Style([31])
        public static let green = Style([32])
        public static let yellow = Style([33])
        public static let blue = Style([34])
        public static let magenta = Style([35])
        public static let cyan = Style([36])
        public static let brightRed = Style([91])

        /// Colours for chart and bar series, in order of use.
        public static let seriesPalette: [Style] = [.cyan, .yellow, .magenta, .green, .blue, .red]
    }

    static let escape = "\u{1B}["
    public static let reset = escape + "0m"

    /// Back to the start of the line and clear it (a progress line redrawn in place).
    public static let clearLine = "\r" + escape + "K"

    /// Up `lines` lines to the start of the first of them, and clear from
    /// there to the end of the screen (a picture `lines` tall redrawn in place).
    public static func clearUp(lines: Int) -> String {
        "\r" + (lines > 0 ? escape + "\(lines)A" : "") + escape + "J"
    }

    /// `text` wrapped in `style` and a reset; `text` unchanged when empty.
    public static func wrap(_ text: String, _ style: Style) -> String {
        guard !text.isEmpty, !style.codes.isEmpty else { return text }
        return escape + style.codes.map(String.init).joined(separator: ";") + "m" + text + reset
    }

    /// `text` styled only when `enabled`; the usual way renderers call this.
    public static func apply(_ text: String, _ style: Style, if enabled: Bool) -> String {
        enabled ? wrap(text, style) : text
    }

    /// Removes escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or
    /// `ESC ] … ESC \`) and other escapes (`ESC ( B`, `ESC 7`). Other text is
    /// kept as is.
    public static func strip(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            guard s == "\u{1B}" else { out.append(s); continue }
            guard let kind = scalars.next() else { break }
            switch kind {
            case "[":
                // Parameters and intermediates run until a final byte in 0x40...0x7E.
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
            case "]":
                var previous: Unicode.Scalar = " "
                while let c = scalars.next() {
                    if c == "\u{07}" || (previous == "\u{1B}" && c == "\\") { break }
                    previous = c
                }
            default:
                // ESC, intermediates (0x20–0x2F), a final character: `ESC ( B`, `ESC 7`.
                var c = kind
                while (0x20...0x2F).contains(c.value), let next = scalars.next() { c = next }
            }
        }
        return String(out)
    }
}
