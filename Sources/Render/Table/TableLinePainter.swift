import Tabular

/// Lays out one table line from cell texts and a layout: cuts, aligns,
/// colours, and the `…` column where columns were left out. Shared by the
/// whole-table and the streaming renderer.
struct TableLinePainter {
    var columns: [Column]
    var layout: TableLayout
    var color: Bool

    /// The header: names, then units on a second line when any shown column has one.
    func header() -> String {
        let names = columns.map(\.headerName)
        let units = columns.map(\.headerUnit)
        var out = join(layout.shown.indices.map { k in
            let text = fit(layout.shown[k].map { names[$0] } ?? "…", k)
            return (text: text, styled: ANSI.apply(text, .bold, if: color))
        }, rightAligned: { _ in false })
        if layout.shown.contains(where: { $0.map { !units[$0].isEmpty } ?? false }) {
            out += join(layout.shown.indices.map { k in
                let text = fit(layout.shown[k].map { units[$0] } ?? "", k)
                return (text: text, styled: ANSI.apply(text, .dim, if: color && !text.isEmpty))
            }, rightAligned: { _ in false })
        }
        return out
    }

    func rule() -> String {
        layout.widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    }

    func line(_ cells: [String], values: [Value]) -> String {
        join(layout.shown.indices.map { k in
            guard let i = layout.shown[k] else { return ("…", ANSI.apply("…", .dim, if: color)) }
            let cell = i < cells.count ? cells[i] : ""
            // Only text is cut; a number, time or day is shown whole even if
            // it overflows (in a stream, a later value may be wider).
            let text = columns[i].type == .text ? fit(cell, k) : cell
            guard color, i < values.count else { return (text, text) }
            switch values[i] {
            case .null: return (text, ANSI.wrap(text, .dim))
            case .int(let v) where v < 0: return (text, ANSI.wrap(text, .red))
            case .double(let v) where v < 0 && text.hasPrefix("-"): return (text, ANSI.wrap(text, .red))
            default: return (text, text)
            }
        }, rightAligned: { k in layout.shown[k].map { columns[$0].alignsRight } ?? false })
    }

    private func fit(_ text: String, _ k: Int) -> String {
        DisplayText.truncate(text, to: layout.widths[k])
    }

    /// Pads each cell to its width (outside any colour codes) and joins them;
    /// the last column gets no trailing spaces. Headers are left-aligned
    /// except over numbers.
    private func join(_ cells: [(text: String, styled: String)], rightAligned: (Int) -> Bool) -> String {
        var line = ""
        for (k, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: max(0, layout.widths[k] - DisplayText.width(cell.text)))
            let last = k == cells.count - 1
            if k > 0 { line += "  " }
            let right = rightAligned(k) || (layout.shown[k].map { columns[$0].alignsRight } ?? false)
            if right {
                line += padding + cell.styled
            } else {
                line += cell.styled + (last ? "" : padding)
            }
        }
        var trimmed = line
        while trimmed.hasSuffix(" ") { trimmed.removeLast() }
        return trimmed + "\n"
    }
}
