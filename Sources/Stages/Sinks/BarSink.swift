import Foundation
import Query
import Render
import Tabular

/// `bar`: horizontal bars, one per row (`BarRenderer`): labels left, bars
/// with 1/8-cell precision, values right-aligned with their unit.
///
/// - value: `bar production` or `value=`, else the first number column.
/// - label: `label=type` (or several, `label=day,area`, shown joined), else
///   the first text, time and day columns whose values differ between rows,
///   as few as tell the rows apart — so `production area=DK2 last=7d by=type
///   | bar` is labelled by type, not by the one area — else the first of them.
/// - Width: `width=`, else the terminal's (COLUMNS when not a terminal, 80 when unknown).
/// - A live source redraws in place on a terminal, or prints the rows and
///   then the final bars when not on one (`LivePicture`).
struct BarSink: SinkStage {
    let spec = StageSpec(
        name: "bar", kind: .sink,
        summary: "Draws horizontal bars, one per row, labels and values aligned.",
        arguments: [
            ArgumentSpec("value", .column, position: 0, help: "the number column (default: the first number column)"),
            ArgumentSpec("label", .list(.column),
                         help: "the label column or columns (default: the first text or time columns that tell the rows apart)"),
            ArgumentSpec("width", .integer, bounds: 20...Int64(ChartOptions.maximumWidth),
                         help: "columns (default: the terminal's width, else 80)"),
        ],
        examples: [
            "production area=DK2 last=7d by=type | bar",
            "total | bar production",
            "daily area=DK2 since=2024-10-01 until=2024-10-15 | bar price label=day width=60",
            "prices area=DK1,DK2,DE since=2024-01-01 until=2025-01-01 price<0 by=area | bar label=area value=intervals",
        ])

    static let minimumWidth = 20

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        try DisplaySize.check(stage, width: Self.minimumWidth, height: nil)
        try stage.validateColumns(input.names, in: context.statement)
        if let value = stage.column("value"), let column = input.column(named: value), !column.isNumeric {
            throw QueryError(.wrongType, "value=\(value) is \(column.type.rawValue); bars need numbers",
                             at: stage.range(of: "value"), in: context.statement)
        }
        if stage.column("value") == nil, !input.columns.contains(where: \.isNumeric) {
            throw QueryError(.wrongType, "nothing to draw: the rows have no number column", at: stage.call.nameRange,
                             in: context.statement, note: "the columns here are " + input.names.joined(separator: ", "))
        }
        if stage.strings("label").isEmpty, !input.columns.contains(where: Self.isLabel) {
            throw QueryError(.wrongType, "bar needs a text or time column for the labels", at: stage.call.nameRange,
                             in: context.statement, note: "the columns here are " + input.names.joined(separator: ", "))
        }
        return PreparedSink { rows, context in
            if rows.isLive {
                let schema = rows.schema
                let labels = stage.strings("label").compactMap(schema.index(of:))
                let key: (([Value]) -> [Value])? = labels.isEmpty ? nil : { row in labels.map { $0 < row.count ? row[$0] : .null } }
                try LivePicture.show(rows, context: context, key: key) { rowSet in
                    try Self.render(rowSet, stage: stage, context: context)
                }
                return
            }
            let all = RowSet(schema: rows.schema, rows: try rows.collect(cancellation: context.cancellation))
            let text = all.rows.isEmpty ? "(nothing to draw: no rows)\n" : try Self.render(all, stage: stage, context: context)
            try context.output.write(text)
            try context.output.flush()
        }
    }

    static func isLabel(_ column: Column) -> Bool { column.type == .text || column.isTemporal }

    /// The label columns: `label=`, else the first label-like columns whose
    /// values differ between rows, as few as tell the rows apart (`type` for
    /// production by type in one area; `day` and `area` for daily rows of two
    /// areas), else the first label-like column.
    static func labelColumns(_ stage: BoundStage, rows: RowSet, value: Int?) -> [String] {
        let given = stage.strings("label")
        if !given.isEmpty { return given }
        let candidates = rows.schema.columns.indices.filter { $0 != value && isLabel(rows.schema.columns[$0]) }
        func cell(_ row: [Value], _ i: Int) -> Value { i < row.count ? row[i] : .null }
        let varying = candidates.filter { i in
            guard let first = rows.rows.first else { return false }
            return rows.rows.contains { cell($0, i) != cell(first, i) }
        }
        var chosen: [Int] = []
        for i in varying {
            chosen.append(i)
            if Set(rows.rows.map { row in chosen.map { cell(row, $0) } }).count == rows.rows.count { break }
        }
        return (chosen.isEmpty ? Array(candidates.prefix(1)) : chosen).map { rows.schema.columns[$0].name }
    }

    /// The bars; several label columns are joined into one label column first.
    static func render(_ rows: RowSet, stage: BoundStage, context: ExecutionContext) throws -> String {
        let value = stage.column("value") ?? rows.schema.columns.first(where: \.isNumeric)?.name
        let valueIndex = value.flatMap(rows.schema.index(of:))
        let labels = labelColumns(stage, rows: rows, value: valueIndex)
        let options = BarOptions(width: DisplaySize.width(stage, context), color: context.terminal.color)
        do {
            guard labels.count > 1, let valueIndex else {
                return try BarRenderer.render(rows, label: labels.first, value: value, options: options)
            }
            return try BarRenderer.render(joined(rows, labels: labels, valueIndex: valueIndex, timeZone: context.timeZone),
                                          label: labels.joined(separator: " "), value: value, options: options)
        } catch let error as RenderError {
            let code: QueryError.Code = error.code == .unknownColumn ? .unknownColumn : .wrongType
            throw QueryError(code, error.message, at: stage.call.range, in: context.statement)
        }
    }

    /// One text column holding the label columns' values side by side, and the value column.
    static func joined(_ rows: RowSet, labels: [String], valueIndex: Int, timeZone: TimeZone) -> RowSet {
        let schema = rows.schema
        let indexes = labels.compactMap(schema.index(of:))
        let formats = indexes.map { i in
            CellFormat.decide(for: schema.columns[i], values: rows.rows.map { i < $0.count ? $0[i] : .null }, timeZone: timeZone)
        }
        let columns = [Column(labels.joined(separator: " "), .text), schema.columns[valueIndex]]
        let joined = rows.rows.map { row -> [Value] in
            let text = zip(indexes, formats).map { i, format in
                format.text(i < row.count ? row[i] : .null, timeZone: timeZone, nullText: "·")
            }.joined(separator: " ")
            return [.text(text), valueIndex < row.count ? row[valueIndex] : .null]
        }
        return RowSet(schema: Schema(columns), rows: joined)
    }
}
