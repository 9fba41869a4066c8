/// The dots of one series on a grid of cells, each cell `subColumns` ×
/// `subRows` dots, stored as one bit mask per cell.
struct DotCanvas {
    /// How a series marks its dots when colour cannot tell series apart.
    enum Pattern {
        /// Every dot.
        case solid
        /// Only the left (or right) dot column of each cell: a visibly
        /// dotted line that keeps every x position (a spike never vanishes).
        case leftOnly, rightOnly
    }

    let columns: Int
    let rows: Int
    let subColumns: Int
    let subRows: Int
    let pattern: Pattern
    var masks: [UInt8]

    var dotWidth: Int { columns * subColumns }
    var dotHeight: Int { rows * subRows }

    init(columns: Int, rows: Int, style: ChartStyle, pattern: Pattern) {
        self.columns = columns
        self.rows = rows
        subColumns = style.subColumns
        subRows = style.subRows
        self.pattern = style == .ascii ? .solid : pattern
        masks = [UInt8](repeating: 0, count: columns * rows)
    }

    func mask(row: Int, column: Int) -> UInt8 { masks[row * columns + column] }

    /// Sets the dots `y0...y1` (either order) in dot column `x`.
    mutating func span(x: Int, _ y0: Int, _ y1: Int) {
        guard x >= 0, x < dotWidth else { return }
        var x = x
        switch pattern {
        case .solid: break
        case .leftOnly: x -= x % subColumns
        case .rightOnly: x += subColumns - 1 - x % subColumns
        }
        let column = x / subColumns
        let bitColumn = x % subColumns
        let low = max(0, min(y0, y1)), high = min(dotHeight - 1, max(y0, y1))
        guard low <= high else { return }
        for y in low...high {
            masks[(y / subRows) * columns + column] |= UInt8(1) << UInt8((y % subRows) * subColumns + bitColumn)
        }
    }
}

/// Draws polylines onto a `DotCanvas` one point at a time, in x order, in
/// O(points + dots drawn): points that fall into the same dot column only
/// widen that column's vertical span; moving to the next column joins the
/// two spans half way; columns skipped between sparse points are
/// interpolated. `breakLine()` starts a new polyline (a gap).
struct LinePlotter {
    var canvas: DotCanvas
    /// The dot column being collected, its span, and the last y in it.
    private var column = -1
    private var low = 0, high = 0, last = 0
    /// Points in the current polyline (a single point is drawn as a dot).
    private var connected = false

    init(canvas: DotCanvas) { self.canvas = canvas }

    mutating func add(x: Int, y: Int) {
        if !connected || column < 0 {
            flush()
            (column, low, high, last) = (x, y, y, y)
            connected = true
            return
        }
        if x == column {
            low = min(low, y); high = max(high, y); last = y
            return
        }
        // Walk column by column to x, interpolating the y of skipped columns.
        let fromColumn = column, fromY = last
        let steps = x - fromColumn
        for step in 1...max(1, abs(steps)) {
            let nextX = fromColumn + (steps > 0 ? step : -step)
            let nextY = step == abs(steps) ? y
                : fromY + Int((Double(y - fromY) * Double(step) / Double(abs(steps))).rounded())
            advance(to: nextX, y: nextY)
        }
    }

    /// Moves to the neighbouring column: the rise from the last y to `y` is
    /// split half in the old column, half in the new.
    private mutating func advance(to x: Int, y: Int) {
        let rise = y - last
        let half = rise / 2
        let joint = last + half
        low = min(low, joint); high = max(high, joint)
        flush()
        let start = rise == 0 ? y : joint + rise.signum()
        (column, low, high, last) = (x, min(start, y), max(start, y), y)
    }

    /// Ends the current polyline; the next point starts a new one.
    mutating func breakLine() {
        flush()
        column = -1
        connected = false
    }

    private mutating func flush() {
        if column >= 0 { canvas.span(x: column, low, high) }
        column = -1
    }

    mutating func finish() -> DotCanvas {
        breakLine()
        return canvas
    }
}
