import Basics
import Query
import Tabular

/// How a manifest writes types.
///
/// Argument types, as `.help` prints them:
///   word, text, number, integer, duration, date, datetime, bool, column,
///   `list of <type>` (e.g. `list of word`), and a choice `a|b|c`.
/// Column types (Tabular's ValueType): bool, int, double, text, time, day.
enum ManifestTypes {
    static let scalarArgumentTypes: [(String, ArgumentType)] = [
        ("word", .word), ("text", .text), ("number", .number), ("integer", .integer),
        ("duration", .duration), ("date", .date), ("datetime", .dateTime), ("bool", .bool), ("column", .column),
    ]

    /// The list for error messages.
    static let argumentTypeNames = "word, text, number, integer, duration, date, datetime, bool, column, 'list of <type>', or a choice like 'asc|desc'"

    /// The argument type a manifest string names, or a message saying why not.
    static func argumentType(_ text: String) -> Result<ArgumentType, ManifestError> {
        if let hit = scalarArgumentTypes.first(where: { $0.0 == text }) { return .success(hit.1) }
        if text.hasPrefix("list of ") {
            let element = String(text.dropFirst("list of ".count))
            if let hit = scalarArgumentTypes.first(where: { $0.0 == element }) { return .success(.list(hit.1)) }
            if isChoice(element) { return .success(.list(.choice(choiceWords(element)))) }
            return .failure(ManifestError("unknown type \"\(text)\": a list holds one of word, text, number, integer, duration, date, datetime, bool, column, or a choice"))
        }
        if text.contains("|") {
            guard isChoice(text) else {
                return .failure(ManifestError("the choice \"\(text)\" needs two or more words separated by |, like \"asc|desc\""))
            }
            return .success(.choice(choiceWords(text)))
        }
        let suggestion = Suggestions.closest(to: text, among: scalarArgumentTypes.map(\.0))
        return .failure(ManifestError("unknown type \"\(text)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                                        note: "argument types are " + argumentTypeNames))
    }

    private static func choiceWords(_ text: String) -> [String] {
        text.split(separator: "|").map(String.init)
    }

    private static func isChoice(_ text: String) -> Bool {
        let words = text.split(separator: "|", omittingEmptySubsequences: false)
        return words.count >= 2 && words.allSatisfy { !$0.isEmpty && !$0.contains(" ") }
    }

    /// The column type a manifest string names.
    static func columnType(_ text: String) -> Result<ValueType, ManifestError> {
        if let t = ValueType(rawValue: text) { return .success(t) }
        let suggestion = Suggestions.closest(to: text, among: ValueType.allCases.map(\.rawValue))
        return .failure(ManifestError("unknown column type \"\(text)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                                        note: "column types are bool, int, double, text, time, day"))
    }

    /// A manifest default (JSON) as the argument value the binder would make;
    /// nil when it does not fit `type`.
    static func defaultValue(_ json: JSONValue, for type: ArgumentType) -> ArgumentValue? {
        switch (type, json) {
        case (.word, .string(let s)): return .word(s)
        case (.text, .string(let s)): return .text(s)
        case (.column, .string(let s)): return .column(s)
        case (.number, .number(let n)) where n.double.isFinite: return .number(n.double)
        case (.integer, .number(let n)): return n.integer.map(ArgumentValue.integer)
        case (.bool, .bool(let b)): return .bool(b)
        case (.duration, .string(let s)): return DurationLiteral(s).map(ArgumentValue.duration)
        case (.date, .string(let s)): return Day(s).map(ArgumentValue.date)
        case (.dateTime, .string(let s)):
            guard let tokens = try? Lexer.tokenize(SourceText(s)), tokens.count == 2 else { return nil }
            switch tokens[0].kind {
            case .dateTime(let t): return .dateTime(t)
            case .date(let d): return .dateTime(DateTimeLiteral(startOf: d))
            default: return nil
            }
        case (.choice(let words), .string(let s)):
            return words.first { $0.lowercased() == s.lowercased() }.map(ArgumentValue.word)
        case (.list(let element), .array(let items)):
            var out: [ArgumentValue] = []
            for item in items {
                guard let v = defaultValue(item, for: element) else { return nil }
                out.append(v)
            }
            return out.isEmpty ? nil : .list(out)
        case (.list(let element), _):
            return defaultValue(json, for: element).map { .list([$0]) }
        default:
            return nil
        }
    }
}

/// Why a manifest was rejected; discovery wraps it into a `PluginError`.
struct ManifestError: Error, Sendable, Hashable {
    var message: String
    var note: String?

    init(_ message: String, note: String? = nil) {
        self.message = message
        self.note = note
    }
}
