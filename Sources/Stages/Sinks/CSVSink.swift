import Query
import Render
import Tabular

/// `csv`: RFC 4180 (header of column names, CRLF, quotes where needed,
/// null as an empty field, times ISO 8601 with the offset in the pipeline's
/// zone), written row by row.
struct CSVSink: SinkStage {
    let spec = StageSpec(
        name: "csv", kind: .sink,
        summary: "Writes rows as CSV (RFC 4180), one record per row.",
        arguments: [
            ArgumentSpec("header", .bool, default: .bool(true), help: "start with a header of column names"),
        ],
        examples: [
            "daily area=DK1 last=7d | csv",
            "prices area=DK2 last=1d | select time price | csv header=false",
        ])

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        let header = stage.bool("header") ?? true
        // When everything before runs in the store, each line is made from the cells the server sends (no value per row).
        let lines = StoreLines(select: CSVLines.select, settings: CSVLines.settings, header: { columns, context in
            header ? CSVWriter(schema: columns, timeZone: context.timeZone).header() : nil
        }, lines: { columns, context in
            let lines = CSVLines(columns, context: context, terminator: "\r\n")
            return { cells, bytes in try lines.append(cells, to: &bytes) }
        })
        return PreparedSink(write: { rows, context in
            let writer = CSVWriter(schema: rows.schema, timeZone: context.timeZone)
            if header { try context.output.write(writer.header()) }
            try RowWriting.each(rows, context) { writer.row($0) }
        }, storeLines: lines)
    }
}
