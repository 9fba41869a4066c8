/// The one error type of the Render module: what went wrong, in a sentence
/// that also says what to do, with a code callers can match on.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// A named column (x=, y=, by=, label, value) is not in the rows.
        case unknownColumn
        /// A column exists but has the wrong type for its role (e.g. a text y).
        case wrongColumnType
        /// Nothing to draw: no rows, or every value is null.
        case noData
        /// More distinct units than a chart has axes for.
        case tooManyUnits
        /// The requested width/height cannot hold the chart's frame.
        case tooSmall
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
