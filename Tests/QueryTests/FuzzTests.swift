import Foundation
import Testing
import TestSupport
@testable import Query

/// Random and mutated inputs through lexer, parser, binder and renderer:
/// nothing may crash, and every error must point inside its input.
/// `QUERY_FUZZ_SEED` and `QUERY_FUZZ_COUNT` in the environment run other or
/// more inputs (e.g. 1000000 while hunting a bug); the default stays fast.
@Suite struct FuzzTests {
    static let seeds: [String] = [
        "daily area=DK1 last=30d | decide | chart",
        "daily area=DK1,DK2 since=2024-01-31T12:00+01:00 avg_price>100 area!=DK2 | sort date desc | limit 10",
        "daily | where (avg_price > 100 and area = DK1) or not min_price < -5.5 | top 3 by=(max_price - min_price)",
        "let a = DK1,DK2\nlet d = 7d # comment\ndaily area=$a last=$d\n  | select date area avg_price ; .mode csv",
        "raw elspot limit=5 | csv",
        "sql 'select 1 as \\'one\\'' | table",
        "tail from=-10m | chart title=\"Live 😀 Øresund\" color=off",
        "explain daily | where price-10 > p(90, price) * 1.5 | limit 1",
        ".help daily\n.width 80; dk1-month area=DK2",
    ] + TestStages.specs.flatMap(\.examples)

    static let fragments: [String] = [
        "|", ";", "\n", "=", "!=", "<", "<=", ">", ">=", "==", "<>", "(", ")", ",", "'", "\"", "$", ".", "#", "-",
        "+", "*", "/", "\\", "!", "and", "or", "not", "let", "explain", "where", "daily", "decide", "15m", "-10m",
        "1h30m", "2024-01-31", "2024-13-01", "2024-01-31T12:00Z", "T25:61", "+99:99", "1e5", "1e999", "9999999999999999999999",
        "\u{0}", "\u{7}", "\t", "\r", "\r\n", "\u{301}", "😀", "👩‍👩‍👧", "ø", "\u{2028}", "\u{200D}", "\u{FEFF}",
        "\u{FFFD}", " ", "  ", "\\u{", "\\u{1F600}", "}", "{", ".help", "$area", "DK1,", ",,", "area=", "()", "((",
    ]

    @Test func randomAndMutatedInputsNeverCrashAndErrorsHavePositions() {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["QUERY_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xEF_2024
        let count = environment["QUERY_FUZZ_COUNT"].flatMap { Int($0) } ?? 12_000
        var rng = SplitMix64(state: seed)
        var problems: [String] = []
        var errors = 0
        var bound = 0  // pipelines that reached the binder
        for i in 0..<count {
            let seedText = Self.seeds[i % Self.seeds.count]
            let input: String
            switch i % 4 {
            case 3: input = Self.randomInput(&rng)
            case 1: input = Self.swapWords(seedText, &rng)
            default: input = Self.mutate(seedText, &rng)
            }
            if let problem = Self.check(input, errors: &errors, bound: &bound) {
                problems.append("\(problem) for input \(input.debugDescription)")
                if problems.count >= 5 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The inputs must exercise the error paths and the binder, not only one of them.
        #expect(errors > count / 4)
        #expect(bound > count / 5)
    }

    static func randomInput(_ rng: inout SplitMix64) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...30, using: &rng) {
            if Bool.random(using: &rng) {
                s += fragments.randomElement(using: &rng) ?? ""
            } else {
                s.unicodeScalars.append(randomScalar(&rng))
            }
        }
        return s
    }

    static func randomScalar(_ rng: inout SplitMix64) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0xFF, 0x300...0x36F, 0x2000...0x206F, 0x4E00...0x4E80,
                                             0xD7F0...0xDFFF, 0xFFF0...0xFFFF, 0x1F300...0x1F64F, 0x10FFF0...0x10FFFF]
        let range = ranges.randomElement(using: &rng) ?? 0...0x7F
        return Unicode.Scalar(UInt32.random(in: range, using: &rng)) ?? "?"
    }

    /// Every space-separated chunk of every seed, for word-level mutations.
    static let words: [String] = seeds.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }

    /// Replaces, inserts or drops whole words: mostly parseable input with
    /// wrong names, types and places, which exercises the binder.
    static func swapWords(_ seed: String, _ rng: inout SplitMix64) -> String {
        var parts = seed.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0..<max(1, parts.count), using: &rng)
            let word = words.randomElement(using: &rng) ?? "x"
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where at < parts.count: parts[at] = word
            case 1: parts.insert(word, at: min(at, parts.count))
            default: if at < parts.count, parts.count > 1 { parts.remove(at: at) }
            }
        }
        return parts.joined(separator: " ")
    }

    static func mutate(_ seed: String, _ rng: inout SplitMix64) -> String {
        var chars = Array(seed)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !chars.isEmpty:  // delete a run
                let end = min(chars.count, at + Int.random(in: 1...6, using: &rng))
                chars.removeSubrange(min(at, chars.count - 1)..<end)
            case 1:  // insert a token-like fragment
                chars.insert(contentsOf: Array(fragments.randomElement(using: &rng) ?? ""), at: at)
            case 2:  // insert a random scalar
                var s = ""
                s.unicodeScalars.append(randomScalar(&rng))
                chars.insert(contentsOf: Array(s), at: at)
            case 3 where at < chars.count:  // replace one character
                chars[at] = Character(randomScalar(&rng))
            case 4 where !chars.isEmpty:  // duplicate a slice
                let from = Int.random(in: 0..<chars.count, using: &rng)
                let slice = chars[from..<min(chars.count, from + Int.random(in: 1...10, using: &rng))]
                chars.insert(contentsOf: slice, at: at)
            default:  // cut the input short
                chars = Array(chars.prefix(at))
            }
        }
        // Rebuilding through String may merge neighbours into new characters; that is part of the test.
        return String(chars)
    }

    /// Nil when all is well, else what went wrong. Counts the errors seen and
    /// the pipelines that reached the binder.
    static func check(_ text: String, errors: inout Int, bound boundCount: inout Int) -> String? {
        let source = SourceText(text)
        func bad(_ range: SourceRange) -> Bool {
            !(0 <= range.start.offset && range.start.offset <= range.end.offset && range.end.offset <= source.count
                && source.position(at: range.start.offset) == range.start
                && source.position(at: range.end.offset) == range.end)
        }
        func checkError(_ error: QueryError) -> String? {
            errors += 1
            if error.source == nil { return "error without source: \(error.message)" }
            if bad(error.range) { return "error range \(error.range) outside the input: \(error.message)" }
            let rendered = error.rendered()
            if !rendered.hasPrefix("error: ") { return "odd rendering \(rendered)" }
            return nil
        }
        let (tokens, lexError) = Lexer.tokenizePrefix(source)
        if let range = tokens.map(\.range).first(where: bad) { return "token range \(range) outside the input" }
        if let lexError, let problem = checkError(lexError) { return problem }
        _ = Parser.isComplete(text)
        var environment = Environment()
        do {
            let script = try Parser.parse(source, stages: TestStages.registry)
            for statement in script.statements {
                if bad(statement.range) { return "statement range \(statement.range) outside the input" }
                switch statement {
                case .let(let l):
                    try environment.apply(l, in: source)
                case .pipeline(let p), .explain(let p, _):
                    boundCount += 1
                    let bound = try Binder(stages: TestStages.registry, environment: environment, source: source).bind(p)
                    for stage in bound {
                        if let e = stage.expression {
                            if let range = e.allNodes().map(\.range).first(where: bad) {
                                return "expression range \(range) outside the input"
                            }
                            _ = try e.resolvingIdentifiers(columns: TestStages.daily.columns, in: source)
                        }
                        try stage.validateColumns(TestStages.daily.columns, in: source)
                    }
                case .dotCommand(let c):
                    if let range = c.arguments.map(\.range).first(where: bad) { return "argument range \(range) outside" }
                }
            }
        } catch {
            return checkError(error)
        }
        return nil
    }
}
