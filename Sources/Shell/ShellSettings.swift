import Render

/// What the session's dot commands and the command line's options change:
/// `.mode`/`--format`, `.width`/`--width`, `.timing`, `--color`,
/// `--continue-on-error`.
public struct ShellSettings: Sendable, Hashable {
    /// The sink for pipelines that end without one.
    public var mode: OutputMode
    /// Columns tables fit; nil: the terminal's (COLUMNS or the tty), none when piped.
    public var width: Int?
    /// Print rows and time after each pipeline (to the messages stream).
    public var timing: Bool
    public var color: ColorChoice
    /// Scripts go on after a failed statement (and still exit non-zero).
    public var continueOnError: Bool
    /// Rows a table shows on a terminal (the first and last, around
    /// `… N more rows`); nil for all. The REPL starts at `interactiveMaxRows`.
    public var maxRows: Int?

    /// What `.maxrows` is in the REPL until changed.
    public static let interactiveMaxRows = 40

    public init(mode: OutputMode = .table, width: Int? = nil, timing: Bool = false, color: ColorChoice = .auto,
                continueOnError: Bool = false) {
        self.mode = mode
        self.width = width
        self.timing = timing
        self.color = color
        self.continueOnError = continueOnError
    }

    /// The narrowest `.width` a table can use.
    public static let minimumWidth = 10
}
