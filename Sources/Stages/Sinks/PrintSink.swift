import Query
import Render
import Tabular

/// `print`: each row as one plain line, no header, no footer: the values
/// separated by two spaces, text as written (control characters other than
/// tab shown escaped), numbers and times formatted as tables do, null empty.
/// Written row by row, so it also follows a live source.
struct PrintSink: SinkStage {
    let spec = StageSpec(
        name: "print", kind: .sink,
        summary: "Writes each row as a plain line (values separated by two spaces, no header).",
        examples: [
            "note 'Daily figures follow.' | print",
            "total | select area production | print",
        ])

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        PreparedSink { rows, context in
            let columns = rows.schema.columns
            try RowWriting.each(rows, context) { row in
                row.indices.map { i in
                    Self.text(row[i], column: i < columns.count ? columns[i] : Column("value", .text), context: context)
                }.joined(separator: "  ") + "\n"
            }
        }
    }

    static func text(_ value: Value, column: Column, context: ExecutionContext) -> String {
        switch value {
        case .null: return ""
        case .text(let text):
            return text.split(separator: "\t", omittingEmptySubsequences: false)
                .map { DisplayText.escapeControls(String($0)) }.joined(separator: "\t")
        default:
            let format = CellFormat.decide(for: column, values: [value], timeZone: context.timeZone)
            return format.text(value, timeZone: context.timeZone, nullText: "")
        }
    }
}
