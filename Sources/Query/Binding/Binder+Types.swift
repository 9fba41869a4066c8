/// Checking values against argument types.
extension Binder {
    /// `value` (variables resolved here) as `type`, or a `.wrongType` error at
    /// the value: "expected a duration like 7d or 15m for 'last'".
    func convert(_ value: ValueSyntax, to type: ArgumentType, for argument: String,
                 bounds: ClosedRange<Int64>? = nil, boundsText: String? = nil) throws(QueryError) -> ArgumentValue {
        let converted = try convert(value, to: type, for: argument)
        try check(converted, within: bounds, text: boundsText, for: argument, at: value.range)
        return converted
    }

    /// Whole numbers and durations within the argument's bounds.
    func check(_ value: ArgumentValue, within bounds: ClosedRange<Int64>?, text: String?, for argument: String,
               at range: SourceRange) throws(QueryError) {
        for item in value.items {
            if case .duration(let d) = item, d.isCalendar {
                throw QueryError(.wrongType, "'\(argument)' needs a length in s, m, h, d or w; \(d.text) has no fixed length",
                                 at: range, in: source, note: "write days instead, e.g. 30d or 365d")
            }
            guard let bounds else { continue }
            let number: Int64?
            switch item {
            case .integer(let i): number = i
            case .duration(let d): number = d.seconds
            default: number = nil
            }
            if let number, !bounds.contains(number) {
                throw QueryError(.wrongType, "'\(argument)' must be \(text ?? "from \(bounds.lowerBound) to \(bounds.upperBound)")",
                                 at: range, in: source, label: "out of range")
            }
        }
    }

    func convert(_ value: ValueSyntax, to type: ArgumentType, for argument: String) throws(QueryError) -> ArgumentValue {
        let resolved = try environment.resolve(value, in: source)
        // A list for a list type: check each item, and point at the one that does not fit.
        if case .list(let element) = type, case .list(let items) = resolved.kind {
            var out: [ArgumentValue] = []
            for item in items {
                guard let converted = Binder.convert(item, to: element) else {
                    throw mismatch(item, written: item, expected: element, for: argument)
                }
                out.append(converted)
            }
            return .list(out)
        }
        if let converted = Binder.convert(resolved, to: type) { return converted }
        throw mismatch(resolved, written: value, expected: type, for: argument)
    }

    func mismatch(_ value: ValueSyntax, written: ValueSyntax, expected type: ArgumentType,
                  for argument: String) -> QueryError {
        var label: String?
        var suggestion: String?
        if case .variable(let name) = written.kind {
            label = "$\(name) is \(value.described)"
        } else if case .list = value.kind {
            label = "one value only"
        } else if case .choice(let words) = type, let w = Binder.plainText(value) {
            suggestion = Suggestions.closest(to: w, among: words)
            label = suggestion.map { "did you mean '\($0)'?" }
        }
        return QueryError(.wrongType, "expected \(type.expectation) for '\(argument)'", at: written.range, in: source,
                          label: label, suggestion: suggestion)
    }

    /// The conversion itself; nil when the value does not fit.
    static func convert(_ value: ValueSyntax, to type: ArgumentType) -> ArgumentValue? {
        switch (type, value.kind) {
        case (.word, .word(let w)), (.word, .string(let w)): return .word(w)
        case (.text, .string(let s)): return .text(s)
        case (.text, .word), (.text, .integer), (.text, .decimal), (.text, .duration), (.text, .date),
             (.text, .dateTime):
            return .text(value.text)
        case (.number, .integer(let i)): return .number(Double(i))
        case (.number, .decimal(let d)): return .number(d)
        case (.integer, .integer(let i)): return .integer(i)
        case (.duration, .duration(let d)): return .duration(d)
        case (.date, .date(let d)): return .date(d)
        case (.dateTime, .date(let d)): return .dateTime(DateTimeLiteral(startOf: d))
        case (.dateTime, .dateTime(let t)): return .dateTime(t)
        case (.bool, _):
            switch plainText(value)?.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return nil
            }
        case (.column, .word(let w)), (.column, .string(let w)): return .column(w)
        case (.choice(let words), _):
            guard let text = plainText(value) else { return nil }
            return words.first { $0.lowercased() == text.lowercased() }.map(ArgumentValue.word)
        case (.expression, _):
            if case .expression(let e) = value.kind { return .expression(e) }
            if case .word(let w) = value.kind { return .expression(Expression(.identifier(w), range: value.range)) }
            if case .list(let items) = value.kind {
                var out: [Expression] = []
                for item in items {
                    guard case .expression(let e)? = convert(item, to: .expression) else { return nil }
                    out.append(e)
                }
                return .expression(Expression(.list(out), range: value.range))
            }
            return .expression(Environment.expression(from: value, at: value.range))
        case (.list(let element), .list(let items)):
            var out: [ArgumentValue] = []
            for item in items {
                guard let converted = convert(item, to: element) else { return nil }
                out.append(converted)
            }
            return .list(out)
        case (.list(let element), _):
            return convert(value, to: element).map { .list([$0]) }
        case (.oneOf(let types), _):
            for t in types {
                if let converted = convert(value, to: t) { return converted }
            }
            return nil
        default:
            return nil
        }
    }

    /// A word's or string's text.
    static func plainText(_ value: ValueSyntax) -> String? {
        switch value.kind {
        case .word(let w), .string(let w): return w
        default: return nil
        }
    }
}
