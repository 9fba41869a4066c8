/// The one error type of the Query module: lexing, parsing, binding, registry
/// and (later) planning and running all report through it.
///
/// It points at the text: `range` in `source`, a short `label` drawn after the
/// carets (e.g. "did you mean 'decide'?"), an optional `note` line with what to
/// do. `rendered()` gives the exact text users see:
///
///     error: unknown stage 'decdie'
///       |
///     1 | daily area=DK1 | decdie | chart
///       |                  ^^^^^^ did you mean 'decide'?
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem; stable, for tests and tools.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Lexing.
        case unexpectedCharacter, unterminatedString, invalidEscape, invalidNumber,
             invalidDuration, invalidDate, invalidVariable
        // Parsing.
        case unexpectedToken, expectedStage, expectedValue, expectedExpression, expectedName,
             unclosedParenthesis, unmatchedParenthesis, chainedComparison
        // Binding and checking.
        case unknownStage, unknownArgument, unknownVariable, unknownColumn, wrongType,
             missingArgument, duplicateArgument, tooManyValues, operatorNotAllowed,
             misplacedStage, invalidName
        // Registering stages.
        case duplicateStage, invalidStageSpec
        /// For later phases (planner, executor) that have no better code.
        case other
    }

    public var code: Code
    /// One sentence: what went wrong.
    public var message: String
    /// The text at fault.
    public var range: SourceRange
    /// The text `range` points into; renders the caret lines when present.
    public var source: SourceText?
    /// Short text after the carets, e.g. "did you mean 'decide'?".
    public var label: String?
    /// A line saying what to do, rendered as `= note: …`.
    public var note: String?
    /// The near miss a "did you mean" offered, for tools (completion, quick fixes).
    public var suggestion: String?
    /// The error underneath, when there is one (e.g. from a later phase).
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, at range: SourceRange, in source: SourceText? = nil,
                label: String? = nil, note: String? = nil, suggestion: String? = nil,
                cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.range = range
        self.source = source
        self.label = label
        self.note = note
        self.suggestion = suggestion
        self.cause = cause
    }

    /// A "did you mean" error: the label offers `suggestion` when there is one,
    /// otherwise `note` explains where to look.
    static func unknown(_ code: Code, _ message: String, at range: SourceRange, in source: SourceText?,
                        suggestion: String?, quote: (String) -> String = { "'\($0)'" },
                        note: String? = nil) -> QueryError {
        QueryError(code, message, at: range, in: source,
                   label: suggestion.map { "did you mean \(quote($0))?" },
                   note: suggestion == nil ? note : nil, suggestion: suggestion)
    }

    /// The same error pointing into `source`.
    public func with(source: SourceText) -> QueryError {
        var copy = self
        copy.source = source
        return copy
    }

    /// The full text with caret lines when the source is known, else `line:col: message`.
    public func rendered() -> String {
        DiagnosticRenderer.render(self)
    }

    public var description: String { rendered() }
}
