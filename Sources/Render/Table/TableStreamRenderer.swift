import Foundation
import Tabular

/// A table for rows that keep arriving (the live tail): widths are fixed up
/// front from the schema and a few sample rows, the header is written once,
/// then each row is one line.
///
/// Widths: the header and the samples, and at least what the type usually
/// needs (times 16, or 22 in zones with daylight saving because the repeated
/// fall-back hour shows its offset; days 10; numbers 8; text 8). A later
/// text cell wider than its column is cut with `…`; a later number wider
/// than its column is shown whole and pushes that line out of line (a cut
/// number would be a wrong number).
public struct TableStreamRenderer: Sendable {
    public let schema: Schema
    public let options: TableOptions
    let formats: [CellFormat]
    let layout: TableLayout

    public init(schema: Schema, options: TableOptions = TableOptions(), sample: [[Value]] = []) {
        self.schema = schema
        self.options = options
        let columns = schema.columns
        let zoneHasTransitions = options.timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 0)) != nil
        formats = columns.indices.map { i in
            var format = CellFormat.decide(for: columns[i], values: sample.lazy.map { $0.count > i ? $0[i] : .null },
                                           timeZone: options.timeZone, decimalsOverride: options.decimals[columns[i].name])
            if columns[i].type == .time { format.offset = .whenAmbiguous }
            return format
        }
        let formats = self.formats
        let needs = columns.indices.map { i -> TableLayout.Need in
            let sampleWidth = sample.reduce(0) { widest, row in
                max(widest, DisplayText.width(formats[i].text(i < row.count ? row[i] : .null,
                                                              timeZone: options.timeZone, nullText: options.nullText)))
            }
            let typical: Int
            switch columns[i].type {
            case .time: typical = (formats[i].seconds ? 19 : 16) + (zoneHasTransitions ? 6 : 0)
            case .day: typical = 10
            case .int, .double, .text: typical = 8
            case .bool: typical = 5
            }
            return TableLayout.Need(header: max(DisplayText.width(columns[i].headerName), DisplayText.width(columns[i].headerUnit)),
                                    cells: max(sampleWidth, typical), cuttable: columns[i].type == .text)
        }
        layout = TableLayout(needs: needs, width: options.width)
    }

    private var painter: TableLinePainter {
        TableLinePainter(columns: schema.columns, layout: layout, color: options.color)
    }

    /// The header lines and the rule under them.
    public func header() -> String {
        painter.header() + painter.rule()
    }

    /// One row as one line (ending in a newline).
    public func row(_ values: [Value]) -> String {
        let cells = schema.columns.indices.map { i in
            formats[i].text(i < values.count ? values[i] : .null, timeZone: options.timeZone, nullText: options.nullText)
        }
        return painter.line(cells, values: values)
    }
}
