/// How a chart turns dots into characters. Each cell of the plot holds a grid
/// of sub-cell dots; the same data drawn in any style has the same shape, at
/// that style's resolution.
public enum ChartStyle: String, Sendable, CaseIterable {
    /// Braille patterns: 2×4 dots per cell (the default).
    case braille
    /// Quadrant blocks: 2×2 dots per cell.
    case block
    /// Plain ASCII: one mark per cell (`*`, `o`, `+`, …), ASCII axes.
    case ascii

    var subColumns: Int { self == .ascii ? 1 : 2 }
    var subRows: Int {
        switch self {
        case .braille: return 4
        case .block: return 2
        case .ascii: return 1
        }
    }

    /// The character for a cell whose dots are `mask` (bit `row * subColumns + column`).
    func glyph(_ mask: UInt8, series: Int) -> Character {
        switch self {
        case .braille: return ChartStyle.brailleGlyphs[Int(mask)]
        case .block: return ChartStyle.quadrants[Int(mask & 0x0F)]
        case .ascii: return mask == 0 ? " " : ChartStyle.asciiMarks[series % ChartStyle.asciiMarks.count]
        }
    }

    /// Braille characters indexed by our dot mask. Unicode numbers braille dots
    /// 1-2-3-7 down the left column and 4-5-6-8 down the right.
    static let brailleGlyphs: [Character] = (0..<256).map { mask in
        let bitForDot: [UInt32] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80] // (row, column) order
        var code: UInt32 = 0x2800
        for bit in 0..<8 where mask & (1 << bit) != 0 { code |= bitForDot[bit] }
        return Character(Unicode.Scalar(code)!)
    }

    /// Quadrant blocks indexed by mask: bit 0 upper left, 1 upper right, 2 lower left, 3 lower right.
    static let quadrants: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]

    /// Marks that tell series apart in the ASCII style.
    static let asciiMarks: [Character] = ["*", "o", "+", "x", "#", "%", "@", "="]

    /// Box-drawing or ASCII pieces of the frame.
    struct Frame {
        var vertical: Character
        var leftTick: Character
        var rightTick: Character
        var zeroTick: Character
        var horizontal: Character
        var bottomTick: Character
        var cornerLeft: Character
        var cornerRight: Character
        var zeroLine: Character
    }

    var frame: Frame {
        self == .ascii
            ? Frame(vertical: "|", leftTick: "+", rightTick: "+", zeroTick: "+", horizontal: "-", bottomTick: "+",
                    cornerLeft: "+", cornerRight: "+", zeroLine: "-")
            : Frame(vertical: "│", leftTick: "┤", rightTick: "├", zeroTick: "┼", horizontal: "─", bottomTick: "┬",
                    cornerLeft: "└", cornerRight: "┘", zeroLine: "┄")
    }
}
