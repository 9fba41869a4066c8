import Query

/// The size pictures (chart, bar) are drawn at: what the stage asks
/// (`width=`, `height=`), else what the terminal has, else a fixed default.
enum DisplaySize {
    /// Columns when neither the stage nor the terminal says (pipes without COLUMNS).
    static let defaultWidth = 80
    /// Lines of a chart when the terminal's height is unknown.
    static let defaultHeight = 20
    /// A chart never fills more than this many lines by default.
    static let maximumDefaultHeight = 40

    /// `width=` when given, else the terminal's width, else 80.
    static func width(_ stage: BoundStage, _ context: ExecutionContext) -> Int {
        stage.integer("width").map { Int(clamping: $0) } ?? context.terminal.width ?? defaultWidth
    }

    /// `height=` when given, else the terminal's height less 4 lines (the
    /// prompt and the line typed stay in view), between 10 and 40; else 20.
    static func height(_ stage: BoundStage, _ context: ExecutionContext) -> Int {
        if let given = stage.integer("height") { return Int(clamping: given) }
        guard let lines = context.terminal.height else { return defaultHeight }
        return min(maximumDefaultHeight, max(10, lines - 4))
    }

    /// Checks `width=` and `height=` when given: whole numbers from `minimum`.
    static func check(_ stage: BoundStage, width minimumWidth: Int, height minimumHeight: Int?) throws(QueryError) {
        if let width = stage.integer("width"), width < minimumWidth {
            throw QueryError(.wrongType, "\(stage.name) needs a width of at least \(minimumWidth) columns",
                             at: stage.range(of: "width"))
        }
        if let minimumHeight, let height = stage.integer("height"), height < minimumHeight {
            throw QueryError(.wrongType, "\(stage.name) needs a height of at least \(minimumHeight) lines",
                             at: stage.range(of: "height"))
        }
    }
}
