import Foundation
import Tabular

/// Renders rows as an aligned text table that fits a terminal width:
///
///     day         area  avg_price (EUR/MWh)  production (MWh)
///     ──────────  ────  ───────────────────  ────────────────
///     2024-10-27  DK2                  12.34           45678.9
///     (1 row)
///
/// Two spaces between columns, numbers right-aligned, text left. When the
/// table is too wide, the widest text columns are cut first (`…`), then
/// headers of number/time columns down to their values; columns that do not
/// fit even then are left out from the right, with a note naming them
/// (`+2 columns not shown: a, b`). Output ends with a
/// newline.
public enum TableRenderer {
    public static func render(_ rowSet: RowSet, options: TableOptions = TableOptions()) -> String {
        let columns = rowSet.columns
        let formats = columns.indices.map { i in
            CellFormat.decide(for: columns[i], values: rowSet.rows.lazy.map { $0.count > i ? $0[i] : .null },
                              timeZone: options.timeZone, decimalsOverride: options.decimals[columns[i].name])
        }
        let cells: [[String]] = rowSet.rows.map { row in
            columns.indices.map { i in
                formats[i].text(i < row.count ? row[i] : .null, timeZone: options.timeZone, nullText: options.nullText)
            }
        }
        let headers = columns.map(\.headerText)
        let needs = columns.indices.map { i in
            TableLayout.Need(header: DisplayText.width(headers[i]),
                             cells: cells.reduce(0) { max($0, DisplayText.width($1[i])) },
                             cuttable: !columns[i].alignsRight && columns[i].type == .text)
        }
        let layout = TableLayout(needs: needs, width: options.width)
        let painter = TableLinePainter(columns: columns, widths: layout.widths, color: options.color)

        var out = ""
        out += painter.header(headers)
        out += painter.rule()
        for (r, row) in cells.enumerated() {
            out += painter.line(row, values: rowSet.rows[r])
        }
        if layout.widths.count < columns.count {
            let hidden = columns[layout.widths.count...].map(\.name)
            let note = "+\(hidden.count) column\(hidden.count == 1 ? "" : "s") not shown: " + hidden.joined(separator: ", ")
            out += DisplayText.truncate(DisplayText.escapeControls(note), to: options.width ?? Int.max) + "\n"
        }
        if options.footer {
            out += ANSI.apply(rowSet.count == 1 ? "(1 row)" : "(\(rowSet.count) rows)", .dim, if: options.color) + "\n"
        }
        return out
    }
}

/// Lays out one table line from cell texts and fixed widths: cuts, aligns,
/// colours. Shared by the whole-table and the streaming renderer.
struct TableLinePainter {
    var columns: [Column]
    var widths: [Int]
    var color: Bool

    func header(_ headers: [String]) -> String {
        join(widths.indices.map { i in
            let text = fit(headers[i], i)
            return (text: text, styled: ANSI.apply(text, .bold, if: color))
        })
    }

    func rule() -> String {
        widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    }

    func line(_ cells: [String], values: [Value]) -> String {
        join(widths.indices.map { i in
            let cell = i < cells.count ? cells[i] : ""
            // Only text is cut; a number, time or day is shown whole even if
            // it overflows (in a stream, a later value may be wider).
            let text = columns[i].type == .text ? fit(cell, i) : cell
            guard color, i < values.count else { return (text, text) }
            switch values[i] {
            case .null: return (text, ANSI.wrap(text, .dim))
            case .int(let v) where v < 0: return (text, ANSI.wrap(text, .red))
            case .double(let v) where v < 0 && text.hasPrefix("-"): return (text, ANSI.wrap(text, .red))
            default: return (text, text)
            }
        })
    }

    private func fit(_ text: String, _ i: Int) -> String {
        DisplayText.truncate(text, to: widths[i])
    }

    /// Pads each cell to its width (outside any colour codes) and joins them;
    /// the last column gets no trailing spaces.
    private func join(_ cells: [(text: String, styled: String)]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: max(0, widths[i] - DisplayText.width(cell.text)))
            let last = i == cells.count - 1
            if i > 0 { line += "  " }
            if columns[i].alignsRight {
                line += padding + cell.styled
            } else {
                line += cell.styled + (last ? "" : padding)
            }
        }
        return line + "\n"
    }
}
