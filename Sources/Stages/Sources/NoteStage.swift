import Query
import Tabular

/// `note "text"`: the text as rows of one column, `note`, one row per line
/// as written.
/// For scripts that explain themselves as they run (the teaching script):
/// `note "Step 1: …" | print` shows the text as plain lines; with the
/// default sink it is a one-column table. Needs no database.
struct NoteStage: SourceStage {
    let spec = StageSpec(
        name: "note", kind: .source,
        summary: "Rows of text (one per line, column note), e.g. to explain a script's steps: note \"…\" | print.",
        arguments: [ArgumentSpec("text", .text, required: true, position: 0, help: "the text, in quotes; it may span lines")],
        examples: [
            "note 'Prices and production arrive in separate streams.' | print",
            "note 'The rows below are daily averages.'",
        ])

    static let schema = Schema([Column("note", .text)])

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let rows = Self.lines(stage.text("text") ?? "").map { [Value.text($0)] }
        return .rows(RowSource(schema: Self.schema, description: "text written in the statement") { _ in
            ArrayRowStream(schema: Self.schema, rows: rows)
        })
    }

    /// The text's lines as written (a text that starts and ends on lines of
    /// its own gives an empty first and last line: blank lines around it),
    /// without trailing spaces.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
        }
    }
}
