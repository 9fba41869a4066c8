/// A half-open span `start..<end` of a `SourceText`. An empty range
/// (`start == end`) marks a point, e.g. the end of the input where a value
/// was expected.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(_ start: SourcePosition, _ end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty range at `position`.
    public init(at position: SourcePosition) {
        self.init(position, position)
    }

    /// The number of characters covered.
    public var length: Int { end.offset - start.offset }

    public var isEmpty: Bool { length == 0 }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    /// `1:7-1:13`
    public var description: String { "\(start)-\(end)" }
}
