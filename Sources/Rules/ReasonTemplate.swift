import Foundation
import Query
import Tabular

/// The reason of a rule: text, with `{expression}` parts filled in per row,
/// e.g. `"price {price} below the average {avg(price)}"`.
///
/// `{{` and `}}` are literal braces. Inside braces goes any expression a
/// condition may use. Values are shown as: decimal numbers (prices,
/// statistics) with two decimals (`63.46`, `50.00`), whole-number columns as
/// they are (`42`), text as it is, days
/// as `2024-10-27`, instants in ISO 8601 UTC, true/false, and a missing
/// value (null, or a statistic of no values) as `n/a`.
public struct ReasonTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case expression(Query.Expression)
    }

    public var parts: [Part]
    /// The quoted string in the file; nil when the rule had none and the
    /// reason was made up (see `RuleFileParser`).
    public var range: SourceRange?

    public init(parts: [Part], range: SourceRange?) {
        self.parts = parts
        self.range = range
    }

    /// A reason without `{…}` parts.
    public static func fixed(_ text: String) -> ReasonTemplate {
        ReasonTemplate(parts: [.text(text)], range: nil)
    }

    /// The expressions to fill in, in order.
    public var expressions: [Query.Expression] {
        parts.compactMap { part in
            if case .expression(let e) = part { return e }
            return nil
        }
    }

    /// The text with `values` (one per expression, in order) filled in.
    public func render(_ values: [Value]) -> String {
        var out = ""
        var next = 0
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .expression:
                out += next < values.count ? ReasonTemplate.format(values[next]) : "n/a"
                next += 1
            }
        }
        return out
    }

    /// How a value reads inside a reason.
    public static func format(_ value: Value) -> String {
        switch value {
        case .null: return "n/a"
        case .double(let d):
            guard d.isFinite else { return "n/a" }
            let text = String(format: "%.2f", d)
            return text == "-0.00" ? "0.00" : text
        default: return value.description
        }
    }

    // MARK: Parsing

    /// The template of the string token `token` (a complete `"…"` or `'…'`),
    /// read from the source so that `{…}` parts keep their exact positions.
    static func parse(_ token: Token, in source: SourceText) throws(QueryError) -> ReasonTemplate {
        let chars = source.characters
        let start = token.range.start.offset + 1
        let end = max(start, token.range.end.offset - 1)
        var parts: [Part] = []
        var literal = ""
        var i = start
        func flush() {
            if !literal.isEmpty { parts.append(.text(literal)) }
            literal = ""
        }
        while i < end {
            let c = chars[i]
            switch c {
            case "\\":
                let (decoded, next) = decodeEscape(chars, at: i, end: end)
                literal += decoded
                i = next
            case "{" where i + 1 < end && chars[i + 1] == "{":
                literal.append("{")
                i += 2
            case "}" where i + 1 < end && chars[i + 1] == "}":
                literal.append("}")
                i += 2
            case "}":
                throw QueryError(.unexpectedToken, "unmatched '}' in the reason", at: source.range(i, i + 1), in: source,
                                 note: "write }} for a brace in the text, or {expression} to show a value")
            case "{":
                guard let close = (i + 1..<end).first(where: { chars[$0] == "}" }) else {
                    throw QueryError(.unclosedParenthesis, "unclosed '{' in the reason", at: source.range(i, i + 1),
                                     in: source, label: "this '{' is never closed",
                                     note: "write {expression}, e.g. {price}, or {{ for a brace in the text")
                }
                flush()
                parts.append(.expression(try interpolation(from: i, to: close, in: source)))
                i = close + 1
            default:
                literal.append(c)
                i += 1
            }
        }
        flush()
        return ReasonTemplate(parts: parts, range: token.range)
    }

    /// The expression between the braces at `open` and `close`.
    private static func interpolation(from open: Int, to close: Int, in source: SourceText) throws(QueryError) -> Expression {
        let brace = Token(.leftParen, range: source.range(open, open + 1), text: "{")
        var lexer = Lexer(source, mode: .expression, range: open + 1..<close)
        let tokens = try lexer.all().filter { $0.kind != .end && $0.kind != .newline }
        guard !tokens.isEmpty else {
            throw QueryError(.expectedExpression, "empty '{}' in the reason", at: source.range(open, close + 1),
                             in: source, note: "put a value between the braces, e.g. {price}, or write {{ }} for braces")
        }
        return try ExpressionParser.parse(tokens, in: source, after: brace)
    }

    /// The text of the escape at `i` (a backslash) and where it ends. The
    /// lexer has already checked the string, so the escape is well formed;
    /// anything odd is kept as written rather than trusted.
    private static func decodeEscape(_ chars: [Character], at i: Int, end: Int) -> (String, Int) {
        guard i + 1 < end else { return ("\\", i + 1) }
        switch chars[i + 1] {
        case "\\": return ("\\", i + 2)
        case "'": return ("'", i + 2)
        case "\"": return ("\"", i + 2)
        case "n": return ("\n", i + 2)
        case "t": return ("\t", i + 2)
        case "r": return ("\r", i + 2)
        case "0": return ("\0", i + 2)
        case "u":
            guard i + 2 < end, chars[i + 2] == "{",
                  let close = (i + 3..<end).first(where: { chars[$0] == "}" }) else { return ("\\u", i + 2) }
            let hex = String(chars[i + 3..<close])
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                return (String(chars[i...close]), close + 1)
            }
            return (String(Character(scalar)), close + 1)
        default:
            return (String(chars[i...i + 1]), i + 2)
        }
    }
}
