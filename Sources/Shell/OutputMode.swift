/// How results are written when a pipeline ends without a sink: `.mode` in
/// the REPL, `--format` for scripts. The raw values are the sink stages' names.
public enum OutputMode: String, Sendable, CaseIterable {
    case table, csv, json, markdown

    /// `table|csv|json|markdown`, for help and errors.
    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}
