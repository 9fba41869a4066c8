import Query
import Render
import Tabular

/// `table`: rows as an aligned table that fits the terminal width (numbers
/// right-aligned, units in headers, long text cut with `…`, control
/// characters escaped). A live source gets a streaming table: the header
/// once, then each row as it arrives.
struct TableSink: SinkStage {
    let spec = StageSpec(
        name: "table", kind: .sink,
        summary: "Shows rows as a table that fits the terminal (the default output).",
        arguments: [ArgumentSpec("width", .integer, bounds: 10...100_000,
                                 help: "columns to fit (default: the terminal's; none when piped)")],
        examples: [
            "daily area=DK1 last=7d | table",
            "prices area=DK2 last=1d | table width=60",
        ])

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        if let width = stage.integer("width"), width < 10 {
            throw QueryError(.wrongType, "a table needs a width of at least 10 columns", at: stage.range(of: "width"))
        }
        let width = stage.integer("width").map(Int.init) ?? context.terminal.width
        return PreparedSink { rows, context in
            let options = TableOptions(width: width, color: context.terminal.color, timeZone: context.timeZone,
                                       maxRows: context.terminal.maxRows)
            if rows.isLive {
                // Widths are fixed by the first row (a tail's text columns such as
                // `dataset` would otherwise be cut to their header's width), so the
                // header waits for it.
                var renderer: TableStreamRenderer?
                while let row = try rows.next() {
                    let current = renderer ?? TableStreamRenderer(schema: rows.schema, options: options, sample: [row])
                    if renderer == nil { try context.output.write(current.header()) }
                    renderer = current
                    try context.output.write(current.row(row))
                    try context.output.flush()
                }
                if renderer == nil {
                    try context.output.write(TableStreamRenderer(schema: rows.schema, options: options).header())
                    try context.output.flush()
                }
                return
            }
            let all = try rows.collect(cancellation: context.cancellation)
            try context.output.write(TableRenderer.render(RowSet(schema: rows.schema, rows: all), options: options))
            try context.output.flush()
        }
    }
}
