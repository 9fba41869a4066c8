/// What an argument accepts; the binder checks values against it and turns
/// them into the matching `ArgumentValue`.
public indirect enum ArgumentType: Sendable, Hashable {
    /// A bare word or a quoted string → `.word`.
    case word
    /// Any single value, taken as written (strings decoded) → `.text`.
    case text
    /// An integer or decimal → `.number`.
    case number
    /// A whole number → `.integer`.
    case integer
    /// `15m`, `7d`, `-10m` → `.duration`.
    case duration
    /// `2024-01-31` → `.date`.
    case date
    /// `2024-01-31` (its midnight) or `2024-01-31T12:00[Z|±hh:mm]` → `.dateTime`.
    case dateTime
    /// true/false, yes/no, on/off → `.bool`.
    case bool
    /// A column name, word or string → `.column` (checked against the input by
    /// `BoundStage.validateColumns` once the input is known).
    case column
    /// Anything, as an expression (words are identifiers) → `.expression`.
    case expression
    /// One or more values (`DK1,DK2`, or a single `DK1`) of a type → `.list`.
    /// As the last positional argument it also collects every remaining value
    /// (`select date area avg_price`).
    case list(ArgumentType)
    /// One of these words, matched ignoring case → `.word` with the spelling given here.
    case choice([String])
    /// The first of these types the value fits, e.g. `[.duration, .dateTime]`.
    case oneOf([ArgumentType])

    /// For help: `duration`, `list of word`, `asc|desc`.
    public var name: String {
        switch self {
        case .word: return "word"
        case .text: return "text"
        case .number: return "number"
        case .integer: return "integer"
        case .duration: return "duration"
        case .date: return "date"
        case .dateTime: return "date or time"
        case .bool: return "true|false"
        case .column: return "column"
        case .expression: return "expression"
        case .list(let t): return "list of \(t.name)"
        case .choice(let words): return words.joined(separator: "|")
        case .oneOf(let types): return types.map(\.name).joined(separator: " or ")
        }
    }

    /// For usage lines: `DURATION`, `WORD,...`, `asc|desc`.
    public var placeholder: String {
        switch self {
        case .word: return "WORD"
        case .text: return "TEXT"
        case .number: return "NUMBER"
        case .integer: return "N"
        case .duration: return "DURATION"
        case .date: return "DATE"
        case .dateTime: return "TIME"
        case .bool: return "true|false"
        case .column: return "COLUMN"
        case .expression: return "EXPR"
        case .list(let t): return "\(t.placeholder),..."
        case .choice(let words): return words.joined(separator: "|")
        case .oneOf(let types): return types.map(\.placeholder).joined(separator: "|")
        }
    }

    /// For errors: "expected a duration like 7d or 15m for 'last'".
    public var expectation: String {
        switch self {
        case .word: return "a word"
        case .text: return "a text value"
        case .number: return "a number"
        case .integer: return "a whole number"
        case .duration: return "a duration like 7d or 15m"
        case .date: return "a date like 2024-01-31"
        case .dateTime: return "a date or time like 2024-01-31 or 2024-01-31T12:00"
        case .bool: return "true or false"
        case .column: return "a column name"
        case .expression: return "an expression"
        case .list(let t): return "\(t.expectation) or several separated by commas"
        case .choice(let words): return "one of " + words.joined(separator: ", ")
        case .oneOf(let types): return types.map(\.expectation).joined(separator: ", or ")
        }
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}
