import Basics
import Tabular

/// A value as written in an argument, a `let` or a dot command, before it is
/// checked against what a stage expects (that is `ArgumentValue`).
public struct ValueSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A bare word: `DK1`, `desc`, `Europe/Copenhagen`.
        case word(String)
        case integer(Int64)
        case decimal(Double)
        /// A quoted string, escapes decoded.
        case string(String)
        case duration(DurationLiteral)
        case date(Day)
        case dateTime(DateTimeLiteral)
        /// `DK1,DK2`: two or more values; never nested, never empty.
        case list([ValueSyntax])
        /// `$name` before it is resolved.
        case variable(String)
        /// `$year-01-01`: variables with text touching them, as written; read
        /// as a value once the variables are replaced.
        case template(String)
        /// `(price * 2)` — an expression in parentheses used as a value.
        case expression(Expression)
    }

    public var kind: Kind
    public var range: SourceRange
    /// The source text as written (for lists, the whole list).
    public var text: String

    public init(_ kind: Kind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// What messages call this kind of value: "word 'abc'", "number 5", "duration 7d".
    public var described: String {
        switch kind {
        case .word(let w): return "word '\(w)'"
        case .integer, .decimal: return "number \(text)"
        case .string(let s): return "string " + SyntaxDump.quote(s)
        case .duration: return "duration \(text)"
        case .date: return "date \(text)"
        case .dateTime: return "date-time \(text)"
        case .list: return "list \(text)"
        case .variable: return "variable \(text)"
        case .template: return "value \(text)"
        case .expression: return "expression \(text)"
        }
    }

    /// True when no `$variable` is left anywhere inside.
    public var isResolved: Bool {
        switch kind {
        case .variable, .template: return false
        case .list(let items): return items.allSatisfy(\.isResolved)
        case .expression(let e): return e.variables.isEmpty
        default: return true
        }
    }
}
