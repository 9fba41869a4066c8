import Basics
import Tabular

/// An argument's value after binding: checked against its `ArgumentType`.
public indirect enum ArgumentValue: Sendable, Hashable, CustomStringConvertible {
    /// A word, or a `choice` in the spelling the spec gives.
    case word(String)
    case text(String)
    case number(Double)
    case integer(Int64)
    case duration(DurationLiteral)
    case date(Day)
    case dateTime(DateTimeLiteral)
    case bool(Bool)
    case column(String)
    case expression(Expression)
    case list([ArgumentValue])

    /// A value taken as written, for filters and untyped uses: words stay
    /// words, strings become text, integers integers, decimals numbers.
    public init(untyped value: ValueSyntax) {
        switch value.kind {
        case .word(let w): self = .word(w)
        case .integer(let i): self = .integer(i)
        case .decimal(let d): self = .number(d)
        case .string(let s): self = .text(s)
        case .duration(let d): self = .duration(d)
        case .date(let d): self = .date(d)
        case .dateTime(let t): self = .dateTime(t)
        case .list(let items): self = .list(items.map(ArgumentValue.init(untyped:)))
        case .variable(let name): self = .word("$" + name)
        case .template(let text): self = .word(text)
        case .expression(let e): self = .expression(e)
        }
    }

    /// Whether the value is what `type` produces (used to check defaults).
    public func conforms(to type: ArgumentType) -> Bool {
        switch (type, self) {
        case (.word, .word), (.text, .text), (.number, .number), (.integer, .integer),
             (.duration, .duration), (.date, .date), (.dateTime, .dateTime), (.bool, .bool),
             (.column, .column), (.expression, .expression):
            return true
        case (.choice(let words), .word(let w)): return words.contains(w)
        case (.list(let t), .list(let items)): return items.allSatisfy { $0.conforms(to: t) }
        case (.oneOf(let types), _): return types.contains { conforms(to: $0) }
        default: return false
        }
    }

    /// The value as one would write it: `DK1,DK2`, `7d`, `'two words'`.
    public var description: String {
        switch self {
        case .word(let w), .column(let w): return w
        case .text(let s):
            return StageSpec.isSingleWord(s) ? s : SyntaxDump.quote(s)
        case .number(let d):
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .integer(let i): return String(i)
        case .duration(let d): return d.text
        case .date(let d): return d.description
        case .dateTime(let t): return t.text
        case .bool(let b): return b ? "true" : "false"
        case .expression(let e): return SyntaxDump.expression(e)
        case .list(let items): return items.map(\.description).joined(separator: ",")
        }
    }

    // Typed access; nil when the value is of another kind.

    public var word: String? { if case .word(let w) = self { return w }; return nil }
    public var textValue: String? {
        switch self {
        case .text(let s), .word(let s), .column(let s): return s
        default: return nil
        }
    }
    /// Integers and numbers as a Double.
    public var number: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
    public var integer: Int64? { if case .integer(let i) = self { return i }; return nil }
    public var duration: DurationLiteral? { if case .duration(let d) = self { return d }; return nil }
    public var date: Day? { if case .date(let d) = self { return d }; return nil }
    public var dateTime: DateTimeLiteral? { if case .dateTime(let t) = self { return t }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var column: String? { if case .column(let c) = self { return c }; return nil }
    public var expression: Expression? { if case .expression(let e) = self { return e }; return nil }
    /// A list's items; a single value as a list of one.
    public var items: [ArgumentValue] { if case .list(let items) = self { return items }; return [self] }
}
