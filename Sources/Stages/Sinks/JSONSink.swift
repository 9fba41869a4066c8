import Query
import Render
import Tabular

/// `json`: JSON Lines, one object per row with keys in column order, numbers
/// as numbers, null as null, times ISO 8601 with the offset in the
/// pipeline's zone.
struct JSONSink: SinkStage {
    let spec = StageSpec(
        name: "json", kind: .sink,
        summary: "Writes one JSON object per row per line (JSON Lines).",
        examples: [
            "daily area=DK1 last=7d | json",
            "total | json",
        ])

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        PreparedSink { rows, context in
            let writer = JSONLinesWriter(schema: rows.schema, timeZone: context.timeZone)
            try RowWriting.each(rows, context) { writer.row($0) }
        }
    }
}
