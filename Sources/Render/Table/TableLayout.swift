import Tabular

/// Column widths that fit a table into a terminal width. Shared by the
/// whole-table and the streaming renderer.
struct TableLayout {
    /// What the fitting needs to know about one column.
    struct Need {
        /// Width of the header text (name and unit).
        var header: Int
        /// Width of the widest cell.
        var cells: Int
        /// Text columns may have their cells cut with `…`; numbers, times
        /// and days never are (a cut number is a wrong number), only their
        /// header may be.
        var cuttable: Bool
    }

    static let gap = 2
    /// Narrowest a cut text column gets (4 characters and `…`).
    static let textFloor = 5

    /// Widths of the first `widths.count` columns; the columns after them
    /// did not fit even at their narrowest and are left out.
    var widths: [Int]

    init(needs: [Need], width: Int?) {
        guard let limit = width, !needs.isEmpty else {
            widths = needs.map { max($0.header, $0.cells) }
            return
        }
        let floors = needs.map { need -> Int in
            let natural = max(need.header, need.cells)
            if need.cuttable { return min(natural, TableLayout.textFloor) }
            return max(need.cells, min(need.header, 3))
        }
        // Keep as many columns from the left as fit at their narrowest (at
        // least one), then fit those from their natural widths.
        var kept = needs.count
        while kept > 1 && floors[0..<kept].reduce(0, +) + TableLayout.gap * (kept - 1) > limit { kept -= 1 }
        widths = TableLayout.fit(needs: Array(needs[0..<kept]), floors: Array(floors[0..<kept]), limit: limit)
    }

    /// Shrinks the widest text column first, one column at a time, then cuts
    /// the headers of the other columns down to their values.
    private static func fit(needs: [Need], floors: [Int], limit: Int) -> [Int] {
        var widths = needs.map { max($0.header, $0.cells) }
        func total() -> Int { widths.reduce(0, +) + TableLayout.gap * (widths.count - 1) }
        for pass in [true, false] {
            while total() > limit {
                var widest = -1
                var runnerUp = 0
                for i in widths.indices where needs[i].cuttable == pass && widths[i] > floors[i] {
                    if widest < 0 || widths[i] > widths[widest] {
                        if widest >= 0 { runnerUp = max(runnerUp, widths[widest]) }
                        widest = i
                    } else {
                        runnerUp = max(runnerUp, widths[i])
                    }
                }
                if widest < 0 { break }
                // Cut straight down to the next widest (or as far as needed),
                // so a megabyte-long cell costs one step, not a million.
                let step = min(widths[widest] - max(runnerUp, floors[widest]), total() - limit)
                widths[widest] -= max(1, step)
            }
        }
        // A single column narrower than its floor still fits the width.
        if widths.count == 1 { widths[0] = max(1, min(widths[0], limit)) }
        return widths
    }
}

extension Column {
    /// The header a table shows: `avg_price (EUR/MWh)`.
    var headerText: String {
        let name = DisplayText.escapeControls(self.name)
        guard let unit, !unit.isEmpty, type != .time, type != .day else { return name }
        return name + " (" + DisplayText.escapeControls(unit) + ")"
    }

    /// Numbers are right-aligned, everything else left.
    var alignsRight: Bool { isNumeric }
}
