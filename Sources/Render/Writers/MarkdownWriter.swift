import Basics
import Foundation
import Tabular

/// A GitHub-flavoured Markdown pipe table:
///
///     | day        | area | avg_price (EUR/MWh) |
///     | ---------- | ---- | ------------------: |
///     | 2024-10-27 | DK2  |               12.34 |
///
/// Values are formatted as in `TableRenderer` (decimals, time zone, units in
/// headers) but never cut, and columns are padded so the source reads as a
/// table too. Null is an empty cell. `|` and `\` in data are escaped with a
/// backslash and control characters made visible (`\n`), so a cell can never
/// break the table; other Markdown (`*`, `_`) is left as is.
public enum MarkdownWriter {
    public static func write(_ rowSet: RowSet, timeZone: TimeZone = .copenhagen, decimals: [String: Int] = [:]) -> String {
        let columns = rowSet.columns
        guard !columns.isEmpty else { return "" }
        let formats = columns.indices.map { i in
            CellFormat.decide(for: columns[i], values: rowSet.rows.lazy.map { $0.count > i ? $0[i] : .null },
                              timeZone: timeZone, decimalsOverride: decimals[columns[i].name])
        }
        let headers = columns.map { escape($0.headerText) }
        let cells = rowSet.rows.map { row in
            columns.indices.map { i in escape(formats[i].text(i < row.count ? row[i] : .null, timeZone: timeZone, nullText: "")) }
        }
        let widths = columns.indices.map { i in
            cells.reduce(max(3, DisplayText.width(headers[i]))) { max($0, DisplayText.width($1[i])) }
        }
        func line(_ texts: [String]) -> String {
            "| " + columns.indices.map { i in
                columns[i].alignsRight ? DisplayText.padLeft(texts[i], to: widths[i]) : DisplayText.padRight(texts[i], to: widths[i])
            }.joined(separator: " | ") + " |\n"
        }
        var out = line(headers)
        out += "| " + columns.indices.map { i in
            columns[i].alignsRight ? String(repeating: "-", count: widths[i] - 1) + ":" : String(repeating: "-", count: widths[i])
        }.joined(separator: " | ") + " |\n"
        for row in cells { out += line(row) }
        return out
    }

    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "|" || $0 == "\\" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
    }
}
