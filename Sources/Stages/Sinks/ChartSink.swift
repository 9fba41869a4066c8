import Foundation
import Query
import Render
import Tabular

/// `chart`: a line chart of measures over time (`ChartRenderer`): the
/// average price and the total production by default, each on its own y
/// axis with its unit; braille dots by default, `style=block|ascii` for
/// fonts and terminals without braille; gaps where data is missing.
///
/// - x: the time column (`x=`, else the first time or day column).
/// - y: `y=price`, `y=price,production` (at most two units), else price and
///   production when the rows have them, else the first number column.
/// - by: one series per value of a column (`by=area`). Rows of several
///   areas are always split by area, since one line through two areas means
///   nothing.
/// - Size: `width=`/`height=`, else the terminal's width (COLUMNS when not a
///   terminal, 80 when unknown) and its height less 4 lines (20 when unknown).
/// - Colour from the session (`--color`, NO_COLOR, a terminal); without it
///   series differ by their dots and marks.
/// - A live source redraws the chart in place on a terminal, or prints the
///   rows and then the final chart when not on one (`LivePicture`).
struct ChartSink: SinkStage {
    let spec = StageSpec(
        name: "chart", kind: .sink,
        summary: "Draws a line chart of measures over time or any number (price and production by default, two y axes); bars for a text x.",
        arguments: [
            ArgumentSpec("y", .list(.column), position: 0,
                         help: "the measures to draw (default: price and production when present, else the first number column)"),
            ArgumentSpec("x", .column, help: "the x axis: a time, day or number column (a line), or a text column (bars); default: the first time or day column, else a first number column (a profile such as hour 0–23)"),
            ArgumentSpec("by", .column, help: "one series per value of this column, e.g. area (rows of several areas are split by area anyway)"),
            ArgumentSpec("style", .choice(ChartStyle.allCases.map(\.rawValue)), default: .word(ChartStyle.braille.rawValue),
                         help: "braille (2×4 dots a cell), block (2×2) or ascii"),
            ArgumentSpec("width", .integer, bounds: 20...Int64(ChartOptions.maximumWidth),
                         help: "columns (default: the terminal's width, else 80)"),
            ArgumentSpec("height", .integer, bounds: 6...Int64(ChartOptions.maximumHeight),
                         help: "lines (default: the terminal's height less 4, else 20)"),
            ArgumentSpec("title", .text, help: "a title line above the chart"),
        ],
        examples: [
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | chart",
            "hourly area=DK1,DK2 since=2024-10-01 until=2024-10-08 | chart price",
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | chart y=price,production style=ascii width=72 height=18 title='DK2, autumn 2024'",
            "prices area=DK1 since=2024-06-01 until=2024-07-01 | chart style=block by=area",
            "prices area=DK1,DK2 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price by area, hour(time) | chart x=hour by=area",
            "prices area=DK1,DK2,DE,SE3 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price by area | chart x=area",
        ])

    static let minimumWidth = 20
    static let minimumHeight = 6

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        try DisplaySize.check(stage, width: Self.minimumWidth, height: Self.minimumHeight)
        try check(stage, input: input, context: context)
        return PreparedSink { rows, context in
            let schema = rows.schema
            if rows.isLive {
                let key = Self.liveKey(stage, schema: schema)
                try LivePicture.show(rows, context: context, key: key) { rowSet in
                    try Self.render(rowSet, stage: stage, context: context)
                }
                return
            }
            let all = try rows.collect(cancellation: context.cancellation)
            var text = "(nothing to chart: no rows)\n"
            do {
                if !all.isEmpty { text = try Self.render(RowSet(schema: schema, rows: all), stage: stage, context: context) }
            } catch let error as RenderError where error.code == .noData {
                text = "(\(error.message))\n"
            }
            try context.output.write(text)
            try context.output.flush()
        }
    }

    /// The options the stage's arguments and the context give for these rows.
    static func options(_ stage: BoundStage, rows: RowSet, context: ExecutionContext) -> ChartOptions {
        let style = stage.word("style").flatMap(ChartStyle.init(rawValue:)) ?? .braille
        return ChartOptions(x: stage.column("x"), y: stage.strings("y"), by: series(stage, rows: rows),
                            width: DisplaySize.width(stage, context), height: DisplaySize.height(stage, context),
                            style: style, color: context.terminal.color, title: stage.text("title"),
                            timeZone: context.timeZone)
    }

    /// `by=`, else `area` when the rows hold more than one area.
    static func series(_ stage: BoundStage, rows: RowSet) -> String? {
        if let by = stage.column("by") { return by }
        guard let area = rows.schema.index(of: "area") else { return nil }
        var first: Value?
        for row in rows.rows where area < row.count {
            if let first, first != row[area] { return "area" }
            first = row[area]
        }
        return nil
    }

    /// The chart's text; renderer errors other than "nothing to draw" as query errors at the stage.
    /// A text x draws bars: one per row, labelled with x.
    static func render(_ rows: RowSet, stage: BoundStage, context: ExecutionContext) throws -> String {
        if let x = stage.column("x"), let column = rows.schema.column(named: x), column.type == .text {
            let value = stage.strings("y").first
            let options = BarOptions(width: DisplaySize.width(stage, context), color: context.terminal.color)
            do {
                let title = stage.text("title").map { DisplayText.escapeControls($0) + "\n" } ?? ""
                return title + (try BarRenderer.render(rows, label: x, value: value, options: options))
            } catch let error as RenderError {
                throw Self.queryError(error, stage: stage, context: context)
            }
        }
        do {
            return try ChartRenderer.render(rows, options: options(stage, rows: rows, context: context))
        } catch let error as RenderError where error.code != .noData {
            throw Self.queryError(error, stage: stage, context: context)
        }
    }

    static func queryError(_ error: RenderError, stage: BoundStage, context: ExecutionContext) -> QueryError {
        switch error.code {
        case .tooSmall:
            let argument = error.message.hasPrefix("height") ? "height" : "width"
            return QueryError(.wrongType, "the chart does not fit: \(error.message)", at: stage.range(of: argument),
                              in: context.statement)
        case .unknownColumn:
            return QueryError(.unknownColumn, error.message, at: stage.call.range, in: context.statement)
        case .tooManyUnits:
            return QueryError(.other, error.message, at: stage.range(of: "y"), in: context.statement)
        case .wrongColumnType, .noData:
            return QueryError(.wrongType, error.message, at: stage.call.range, in: context.statement)
        }
    }

    /// Rows with the same x and series replace each other in a live chart.
    static func liveKey(_ stage: BoundStage, schema: Schema) -> (([Value]) -> [Value])? {
        let x = stage.column("x").flatMap(schema.index(of:)) ?? schema.columns.firstIndex(where: \.isTemporal)
        guard let x else { return nil }
        let by = schema.index(of: stage.column("by") ?? "area")
        let indexes = [x] + (by.map { [$0] } ?? [])
        return { row in indexes.map { $0 < row.count ? row[$0] : .null } }
    }

    /// What can be checked before running: the columns exist and fit their roles.
    func check(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws {
        try stage.validateColumns(input.names, in: context.statement)
        let source = context.statement
        if let x = stage.column("x"), let column = input.column(named: x), column.type == .bool {
            throw QueryError(.wrongType, "x=\(x) is true/false; the chart's x is a time, a day, a number or text",
                             at: stage.range(of: "x"), in: source)
        }
        if let x = stage.column("x"), input.column(named: x)?.type == .text, stage.strings("y").count > 1 {
            throw QueryError(.wrongType, "bars for a text x show one measure", at: stage.range(of: "y"), in: source,
                             note: "choose one with y=, or draw them one at a time")
        }
        if stage.column("x") == nil, ChartRenderer.defaultX(input) == nil {
            throw QueryError(.wrongType, "nothing to put on the x axis: the rows have no time or day column",
                             at: stage.call.nameRange, in: source,
                             note: "the columns here are " + input.names.joined(separator: ", ") + "; name one with x=, or try bar")
        }
        var units: [String] = []
        for name in stage.strings("y") {
            guard let column = input.column(named: name) else { continue }
            guard column.isNumeric else {
                throw QueryError(.wrongType, "y=\(name) is \(column.type.rawValue); a chart draws number columns",
                                 at: QueryError.range(of: name, within: stage.range(of: "y"), in: source), in: source)
            }
            if !units.contains(column.unit ?? "") { units.append(column.unit ?? "") }
        }
        if units.count > 2 {
            let names = units.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")
            throw QueryError(.other, "a chart has two y axes but these measures have \(units.count) units: \(names)",
                             at: stage.range(of: "y"), in: source, note: "choose measures of at most two units")
        }
        if stage.strings("y").isEmpty, !input.columns.contains(where: \.isNumeric) {
            throw QueryError(.wrongType, "nothing to draw: the rows have no number column", at: stage.call.nameRange,
                             in: source, note: "the columns here are " + input.names.joined(separator: ", "))
        }
    }
}
