import Foundation
import Tabular

/// Renders rows as an aligned text table that fits a terminal width:
///
///     day         area  avg_price  production
///                         EUR/MWh         MWh
///     ──────────  ────  ─────────  ──────────
///     2024-10-27  DK2       12.34     45678.9
///     (1 row)
///
/// Names on the first header line, units on a second one (only when a
/// column has one), two spaces between columns, numbers right-aligned, text
/// left. When the table is too wide, the widest text columns are cut first
/// (`…`, never below a readable width), then names of number/time columns
/// down to their values; columns that do not fit even then are left out
/// from the middle behind a `…` column, with a note naming them (`+2
/// columns not shown: a, b`). With `maxRows`, a longer result shows its
/// first and last rows around `… N more rows`. Output ends with a newline.
public enum TableRenderer {
    public static func render(_ rowSet: RowSet, options: TableOptions = TableOptions()) -> String {
        let columns = rowSet.columns
        // Formats from every row, so a column reads the same whatever is shown.
        let formats = columns.indices.map { i in
            CellFormat.decide(for: columns[i], values: rowSet.rows.lazy.map { $0.count > i ? $0[i] : .null },
                              timeZone: options.timeZone, decimalsOverride: options.decimals[columns[i].name])
        }
        // The rows shown: all, or the first and last around a gap.
        var shownRows = Array(rowSet.rows.indices)
        var gapAt: Int?
        if let limit = options.maxRows, limit >= 2, rowSet.count > limit {
            let head = (limit + 1) / 2
            shownRows = Array(0..<head) + Array((rowSet.count - (limit - head))..<rowSet.count)
            gapAt = head
        }
        let cells: [[String]] = shownRows.map { r in
            let row = rowSet.rows[r]
            return columns.indices.map { i in
                formats[i].text(i < row.count ? row[i] : .null, timeZone: options.timeZone, nullText: options.nullText)
            }
        }
        let needs = columns.indices.map { i in
            TableLayout.Need(header: max(DisplayText.width(columns[i].headerName), DisplayText.width(columns[i].headerUnit)),
                             cells: cells.reduce(0) { max($0, DisplayText.width($1[i])) },
                             cuttable: !columns[i].alignsRight && columns[i].type == .text)
        }
        let layout = TableLayout(needs: needs, width: options.width)
        let painter = TableLinePainter(columns: columns, layout: layout, color: options.color)

        var out = ""
        out += painter.header()
        out += painter.rule()
        for (k, row) in cells.enumerated() {
            if k == gapAt {
                let more = rowSet.count - shownRows.count
                out += ANSI.apply("… \(more) more row\(more == 1 ? "" : "s") (.maxrows)", .dim, if: options.color) + "\n"
            }
            out += painter.line(row, values: rowSet.rows[shownRows[k]])
        }
        let hiddenColumns = layout.hidden
        if !hiddenColumns.isEmpty {
            let hidden = hiddenColumns.map { columns[$0].name }
            let note = "+\(hidden.count) column\(hidden.count == 1 ? "" : "s") not shown: " + hidden.joined(separator: ", ")
            out += DisplayText.truncate(DisplayText.escapeControls(note), to: options.width ?? Int.max) + "\n"
        }
        if options.footer {
            out += ANSI.apply(rowSet.count == 1 ? "(1 row)" : "(\(rowSet.count) rows)", .dim, if: options.color) + "\n"
        }
        return out
    }
}

