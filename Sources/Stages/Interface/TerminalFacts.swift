/// What sinks need to know about where their text goes.
public struct TerminalFacts: Sendable, Hashable {
    /// Columns available (`.width N`, COLUMNS, the tty); nil for no limit (pipes, files).
    public var width: Int?
    /// Lines available, for charts that fill the screen; nil when unknown.
    public var height: Int?
    /// True when the output is a terminal: live sinks may redraw in place.
    public var isTerminal: Bool
    /// Whether to use ANSI colour (already resolved from --color, NO_COLOR and isTerminal).
    public var color: Bool
    /// Rows a table shows (the first and last); nil for all (pipes, scripts).
    public var maxRows: Int?

    public init(width: Int? = nil, height: Int? = nil, isTerminal: Bool = false, color: Bool = false, maxRows: Int? = nil) {
        self.width = width
        self.height = height
        self.isTerminal = isTerminal
        self.color = color
        self.maxRows = maxRows
    }

    /// Not a terminal: no width limit, no colour (scripts, tests).
    public static let plain = TerminalFacts()
}
