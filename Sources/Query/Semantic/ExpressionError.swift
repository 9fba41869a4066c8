/// A failure while computing an expression on a row (integer overflow):
/// an error, as in PostgreSQL, never a wrong number.
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
