import Foundation
import Query
import Rules
import Tabular
import Testing
import TestSupport

/// Mutated rules files through parse, validate and apply: nothing may crash,
/// every error points inside its file, and validate agrees with apply.
/// `RULES_FUZZ_SEED` and `RULES_FUZZ_COUNT` run other or more inputs.
@Suite struct FuzzTests {
    static let seeds: [String] = {
        var seeds = ShippedRulesTests.shippedNames.compactMap {
            try? String(contentsOf: TestRules.shippedDirectory.appendingPathComponent($0 + ".rules"), encoding: .utf8)
        }
        seeds += [
            TestRules.issueExample,
            "statistics per area, day\nalias cost = price, avg_price_eur\nHIGH when cost > p(75, cost) + stddev(cost) \"{cost} > {p(75, cost)}\"\nLOW otherwise",
            "statistics over all rows\nX when (area = DK1,DK2 and\n  not (production / 2 <= median(production)))\nY when count(production) < count() or abs(-price) >= 1e3 'n={count()}'\nZ otherwise '{{x}} \\u{2265}'",
        ]
        return seeds
    }()

    static let fragments: [String] = [
        "when", "otherwise", "WHEN", "alias", "statistics", "per", "over", "all", "rows", "and", "or", "not", "true",
        "avg(", "p(", "p(90,", "median(price)", "stddev", "count()", "abs(", "sum(", "min", "max(", "agv(", ")", "(", ",",
        "\"", "'", "{", "}", "{{", "{price}", "\\", "\\u{", "$x", "#", "\n", "\r\n", "\t", " ", "<", "<=", ">", "=", "!=",
        "==", "<>", "!", "+", "-", "*", "/", "0", "-5", "1e999", "2.5", "150", "2024-10-27", "2024-13-01", "15m", "DK1",
        "DK1,DK2", "price", "production", "area", "day", "BUY", "😀", "ø", "\u{0}", "\u{301}", "\u{2028}", "\u{FEFF}", ";", "|", ".",
    ]

    static let inputs: [(RowSet, ColumnAliases)] = {
        let figures = Array(RecordedData.dk2Autumn2024.prefix(12)) + RecordedData.settlementDays2024
        var withNull = RecordedData.rowSet(figures)
        withNull.rows[3][3] = .null
        return [
            (withNull, [:]),
            (RecordedData.rowSet(figures, area: "price_area", price: "avg_price_eur", production: "total_production_mwh"),
             RuleSet.commonAliases),
            (RecordedData.hourlyRowSet(Array(RecordedData.prices2024.prefix(50))), [:]),
            (RowSet(columns: []), [:]),
        ]
    }()

    @Test func mutatedRulesNeverCrashAndErrorsArePositioned() {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["RULES_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2024
        let count = environment["RULES_FUZZ_COUNT"].flatMap { Int($0) } ?? 4_000
        var rng = SplitMix64(state: seed)
        var problems: [String] = []
        var parseErrors = 0, applied = 0
        for i in 0..<count {
            let base = Self.seeds[i % Self.seeds.count]
            let text = Self.mutate(base, &rng, steps: 1 + i % 3)
            if let problem = Self.check(text, parseErrors: &parseErrors, applied: &applied) {
                problems.append("\(problem) for input \(text.debugDescription)")
                if problems.count >= 5 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The mutations must reach both the parser's errors and the evaluator.
        #expect(parseErrors > count / 5)
        #expect(applied > count / 10)
    }

    /// nil when all is well, else what went wrong.
    static func check(_ text: String, parseErrors: inout Int, applied: inout Int) -> String? {
        let rules: RuleSet
        do {
            rules = try RuleSet.parse(text, name: "fuzz.rules")
        } catch {
            parseErrors += 1
            return positioned(error, in: text)
        }
        for (input, aliases) in inputs {
            var validateError: QueryError?
            do { try rules.validate(against: input.schema, aliases: aliases) } catch { validateError = error }
            do {
                let output = try rules.apply(to: input, aliases: aliases)
                if let validateError { return "validate failed (\(validateError.message)) but apply worked" }
                applied += 1
                guard output.count == input.count else { return "apply changed the row count" }
                let allowed = Set(rules.decisions)
                for value in output.values(of: RuleSet.decisionColumn) ?? [] {
                    if let d = value.text, !allowed.contains(d) { return "decision '\(d)' is not in the file" }
                }
            } catch {
                if validateError?.rendered() != error.rendered() { return "validate and apply disagree" }
                if let problem = positioned(error, in: text) { return problem }
            }
        }
        return nil
    }

    /// Checks that an error points inside `text` and renders its location.
    static func positioned(_ error: QueryError, in text: String) -> String? {
        let count = text.count
        let r = error.range
        guard let source = error.source else { return "error without source: \(error.message)" }
        guard source.text == text else { return "error points into another text" }
        guard 0 <= r.start.offset, r.start.offset <= r.end.offset, r.end.offset <= count else {
            return "range \(r) outside 0...\(count): \(error.message)"
        }
        let position = source.position(at: r.start.offset)
        guard position.line == r.start.line, position.column == r.start.column else { return "stale line:column \(r)" }
        let rendered = error.rendered()
        guard rendered.contains("--> fuzz.rules:\(r.start.line):\(r.start.column)\n"), rendered.contains("^") else {
            return "rendering lacks the location or caret: \(rendered)"
        }
        return nil
    }

    static func mutate(_ text: String, _ rng: inout SplitMix64, steps: Int) -> String {
        var chars = Array(text)
        for _ in 0..<steps {
            let at = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1:
                chars.insert(contentsOf: Array(fragments.randomElement(using: &rng) ?? ""), at: at)
            case 2:
                let length = Int.random(in: 1...6, using: &rng)
                if !chars.isEmpty { chars.removeSubrange(at..<min(chars.count, at + length)) }
            case 3:
                if !chars.isEmpty { chars[at] = Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &rng))) }
            case 4:
                // Swap two lines: moves `otherwise`, directives and rules around.
                var lines = String(chars).components(separatedBy: "\n")
                if lines.count > 1 {
                    let a = Int.random(in: 0..<lines.count, using: &rng), b = Int.random(in: 0..<lines.count, using: &rng)
                    lines.swapAt(a, b)
                }
                chars = Array(lines.joined(separator: "\n"))
            default:
                // Replace a word with another known word.
                let words = String(chars).split(separator: " ", omittingEmptySubsequences: true)
                if let word = words.randomElement(using: &rng), let range = String(chars).range(of: word) {
                    var s = String(chars)
                    s.replaceSubrange(range, with: fragments.randomElement(using: &rng) ?? "")
                    chars = Array(s)
                }
            }
        }
        return String(chars)
    }
}
