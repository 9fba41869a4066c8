import Query
import Render
import Tabular

/// `markdown`: a GitHub-flavoured pipe table (never cut; `|` escaped).
/// Reads all rows first, to line the columns up.
struct MarkdownSink: SinkStage {
    let spec = StageSpec(
        name: "markdown", kind: .sink,
        summary: "Writes rows as a Markdown table.",
        examples: [
            "daily area=DK1 last=7d | markdown",
            "total | select area production | markdown",
        ])

    func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        PreparedSink { rows, context in
            let all = try rows.collect(cancellation: context.cancellation)
            try context.output.write(MarkdownWriter.write(RowSet(schema: rows.schema, rows: all), timeZone: context.timeZone))
            try context.output.flush()
        }
    }
}
