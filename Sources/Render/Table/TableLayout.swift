import Tabular

/// Which columns a table shows and how wide, to fit a terminal width. Shared
/// by the whole-table and the streaming renderer.
///
/// Columns keep their natural width when they fit. Otherwise the widest text
/// columns are cut with `…`, never below `textFloor` characters (so `reason`
/// stays readable); number, time and day columns are never cut, names
/// included (a cut number would be a wrong number). When even that is too
/// wide, columns are left out from the middle, as DuckDB does: the first and
/// last columns stay (then the second and second to last …), and a `…`
/// column stands where the others were.
struct TableLayout {
    /// What the fitting needs to know about one column.
    struct Need {
        /// Width of the widest header line (the name, or the unit under it).
        var header: Int
        /// Width of the widest cell.
        var cells: Int
        /// Text columns may have their cells cut with `…`; numbers, times
        /// and days never are.
        var cuttable: Bool
    }

    static let gap = 2
    /// Narrowest a cut text column gets: enough to read what it says.
    static let textFloor = 20

    /// The columns shown, in order: an index into the needs, or nil for the
    /// `…` column standing for those left out.
    var shown: [Int?]
    /// The width of each shown column.
    var widths: [Int]

    /// How many columns there are, shown or not.
    let count: Int

    /// The indices left out (in the middle).
    var hidden: [Int] {
        let kept = Set(shown.compactMap { $0 })
        return (0..<count).filter { !kept.contains($0) }
    }

    init(needs: [Need], width: Int?) {
        count = needs.count
        let natural = needs.map { max($0.header, $0.cells) }
        func all() -> [Int?] { needs.indices.map { Optional($0) } }
        guard let limit = width, !needs.isEmpty else {
            (shown, widths) = (all(), natural)
            return
        }
        let floors = needs.indices.map { i -> Int in
            needs[i].cuttable ? min(natural[i], TableLayout.textFloor) : natural[i]
        }
        func total(_ ws: [Int]) -> Int { ws.reduce(0, +) + TableLayout.gap * max(0, ws.count - 1) }
        if total(natural) <= limit {
            (shown, widths) = (all(), natural)
            return
        }
        if total(floors) <= limit {
            shown = all()
            widths = TableLayout.fit(needs: needs, floors: floors, limit: limit)
            return
        }
        // Leave columns out from the middle: keep first, last, second, second to last … while they fit.
        var left: [Int] = [], right: [Int] = []
        var used = 1  // the `…` column
        var low = 0, high = needs.count - 1
        var takeLeft = true
        while low <= high {
            let i = takeLeft ? low : high
            let needed = used + TableLayout.gap + floors[i]
            if needed > limit && !(left.isEmpty && takeLeft) { break }
            used = needed
            if takeLeft { left.append(i); low += 1 } else { right.insert(i, at: 0); high -= 1 }
            takeLeft.toggle()
        }
        let kept = left + right
        var keptNeeds = kept.map { needs[$0] }
        var keptFloors = kept.map { floors[$0] }
        // The `…` column: one character, never cut.
        keptNeeds.insert(Need(header: 1, cells: 1, cuttable: false), at: left.count)
        keptFloors.insert(1, at: left.count)
        shown = left.map { Optional($0) } + [nil] + right.map { Optional($0) }
        widths = TableLayout.fit(needs: keptNeeds, floors: keptFloors, limit: limit)
    }

    /// Shrinks the widest text column first, one column at a time (and,
    /// when one column alone is wider than the limit, that column).
    private static func fit(needs: [Need], floors: [Int], limit: Int) -> [Int] {
        var widths = needs.map { max($0.header, $0.cells) }
        func total() -> Int { widths.reduce(0, +) + TableLayout.gap * (widths.count - 1) }
        for pass in [true] {
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
    /// The first header line: the name.
    var headerName: String { DisplayText.escapeControls(name) }

    /// The second header line: the unit (times and days have none).
    var headerUnit: String {
        guard let unit, !unit.isEmpty, type != .time, type != .day else { return "" }
        return DisplayText.escapeControls(unit)
    }

    /// The header on one line, for formats without a second line: `avg_price (EUR/MWh)`.
    var headerText: String {
        headerUnit.isEmpty ? headerName : headerName + " (" + headerUnit + ")"
    }

    /// Numbers are right-aligned, everything else left.
    var alignsRight: Bool { isNumeric }
}
