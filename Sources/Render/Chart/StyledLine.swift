/// One line of output as characters with an optional style each, rendered
/// with an ANSI code per run of equal style (only when colour is on).
struct StyledLine {
    enum Paint: Equatable {
        case series(Int), bold, dim
    }

    private(set) var characters: [Character] = []
    private var paints: [Paint?] = []
    /// Display width so far (all pieces here are one column per character
    /// except user text, measured when appended).
    private(set) var width = 0

    mutating func append(_ text: String, _ paint: Paint? = nil) {
        for c in text {
            characters.append(c)
            paints.append(paint)
        }
        width += DisplayText.width(text)
    }

    mutating func append(_ c: Character, _ paint: Paint? = nil) {
        characters.append(c)
        paints.append(paint)
        width += DisplayText.width(of: c)
    }

    /// The text, trailing spaces trimmed, with colour codes when `color`.
    func render(color: Bool) -> String {
        var end = characters.count
        while end > 0 && characters[end - 1] == " " { end -= 1 }
        guard color else { return String(characters[0..<end]) }
        var out = ""
        var start = 0
        while start < end {
            var stop = start + 1
            while stop < end && paints[stop] == paints[start] { stop += 1 }
            let piece = String(characters[start..<stop])
            if let paint = paints[start] {
                out += ANSI.wrap(piece, paint.style)
            } else {
                out += piece
            }
            start = stop
        }
        return out
    }
}

extension StyledLine.Paint {
    var style: ANSI.Style {
        switch self {
        case .series(let i): return ANSI.Style.seriesPalette[i % ANSI.Style.seriesPalette.count]
        case .bold: return .bold
        case .dim: return .dim
        }
    }
}
