import Basics
import Testing
import Tabular
@testable import Query

/// Token kinds in a short, readable form.
private func kinds(_ text: String, mode: Lexer.Mode = .command) -> String {
    do {
        return try Lexer.tokenize(SourceText(text), mode: mode).dropLast().map { t -> String in
            switch t.kind {
            case .word(let w): return "word(\(w))"
            case .quotedName(let n): return "name(\(n))"
            case .integer(let i): return "int(\(i))"
            case .decimal(let d): return "dec(\(d))"
            case .string(let s): return "str(\(s))"
            case .duration(let d): return "dur(\(d.seconds)s)"
            case .date(let d): return "date(\(d))"
            case .dateTime(let t): return "time(\(t.normalized))"
            case .variable(let v): return "var(\(v))"
            case .template(let t): return "template(\(t))"
            case .dotCommand(let c): return "cmd(\(c))"
            case .comparison(let op): return op.rawValue
            case .arithmetic(let op): return op.rawValue
            case .pipe: return "|"
            case .semicolon: return ";"
            case .newline: return "NL"
            case .comma: return ","
            case .leftParen: return "("
            case .rightParen: return ")"
            case .end: return "END"
            }
        }.joined(separator: " ")
    } catch {
        return "error: \(error.message) @\(error.range)"
    }
}

@Suite struct LexerTests {
    @Test func wordsOperatorsAndNames() {
        #expect(kinds("area!=DK2") == "word(area) != word(DK2)")
        #expect(kinds("price>100 price>=1 a<b a<=b a=b a==b a<>b") ==
            "word(price) > int(100) word(price) >= int(1) word(a) < word(b) word(a) <= word(b) word(a) = word(b) word(a) = word(b) word(a) != word(b)")
        #expect(kinds("dk1-month queries/x.efq tz=Europe/Copenhagen _x1 København") ==
            "word(dk1-month) word(queries/x.efq) word(tz) = word(Europe/Copenhagen) word(_x1) word(København)")
        // A trailing joiner is not part of the word.
        #expect(kinds("a- b") == "word(a) - word(b)")
        #expect(kinds("a- b.") == "error: unexpected '.' @1:5-1:6")
        // In expressions only '.' joins.
        #expect(kinds("price-10/2", mode: .expression) == "word(price) - int(10) / int(2)")
    }

    @Test func numbersAndDurations() {
        #expect(kinds("42 2.5 1e-3 1.5E+2 0") == "int(42) dec(2.5) dec(0.001) dec(150.0) int(0)")
        #expect(kinds("-5 - 5") == "- int(5) - int(5)")
        #expect(kinds("15m 7d 2h 30s 1w 90d 1h30m") ==
            "dur(900s) dur(604800s) dur(7200s) dur(30s) dur(604800s) dur(7776000s) dur(5400s)")
        #expect(kinds("from=-10m") == "word(from) = - dur(600s)")
        #expect(kinds("99999999999999999999") == "dec(1e+20)")
        #expect(kinds("15x") == "error: invalid number '15x' @1:1-1:4")
        #expect(kinds("15mo") == "dur(38880000s)")
        #expect(kinds("15mx") == "error: invalid duration '15mx' @1:1-1:5")
        #expect(kinds("1.5h") == "error: invalid duration '1.5h' @1:1-1:5")
        #expect(kinds("1e999") == "error: number '1e999' is too large @1:1-1:6")
    }

    @Test func datesAndTimes() {
        #expect(kinds("2024-01-31 2024-02-29") == "date(2024-01-31) date(2024-02-29)")
        #expect(kinds("2024-01-31T12:00 2024-01-31T12:00:30 2024-01-31T23:59:59.25Z") ==
            "time(2024-01-31T12:00:00) time(2024-01-31T12:00:30) time(2024-01-31T23:59:59.25Z)")
        #expect(kinds("2024-10-27T02:00+01:00 2024-10-27T02:00-0530 2024-10-27T02:00+02") ==
            "time(2024-10-27T02:00:00+01:00) time(2024-10-27T02:00:00-05:30) time(2024-10-27T02:00:00+02:00)")
        #expect(kinds("since=2024-01-31|x") == "word(since) = date(2024-01-31) | word(x)")
        #expect(kinds("2024-13-01") == "error: invalid date '2024-13-01' @1:1-1:11")
        #expect(kinds("2023-02-29") == "error: invalid date '2023-02-29' @1:1-1:11")
        #expect(kinds("x 2024-1-5") == "error: invalid date '2024-1-5' @1:3-1:11")
        #expect(kinds("2024-01-31T25:00") == "error: invalid date '2024-01-31T25:00' @1:1-1:17")
        #expect(kinds("2024-01-31x") == "error: invalid date '2024-01-31x' @1:1-1:12")
    }

    @Test func dateTimeMeaning() throws {
        let tokens = try Lexer.tokenize(SourceText("2024-10-27T02:30+01:00 2024-07-01T12:00"))
        guard case .dateTime(let zoned) = tokens[0].kind, case .dateTime(let local) = tokens[1].kind else {
            Issue.record("expected two date-times")
            return
        }
        #expect(zoned.utcOffset == 3600 && zoned.text == "2024-10-27T02:30+01:00")
        // 02:30 at +01:00 is 01:30 UTC, whatever zone is asked.
        #expect(zoned.date(in: .utc).map(ISO8601.utcString) == "2024-10-27T01:30:00Z")
        // Noon in Copenhagen in summer (UTC+2) is 10:00 UTC.
        #expect(local.utcOffset == nil)
        #expect(local.date(in: .copenhagen).map(ISO8601.utcString) == "2024-07-01T10:00:00Z")
    }

    @Test func stringsAndEscapes() {
        #expect(kinds(#"'a b' "c'd" 'it\'s' "tab\there" '\u{1F600}\\'"#) ==
            "str(a b) str(c'd) str(it's) str(tab\there) str(😀\\)")
        #expect(kinds("'two\nlines'") == "str(two\nlines)")
        #expect(kinds("'abc") == "error: unterminated string @1:1-1:2")
        #expect(kinds("x \"abc\\\"") == "error: unterminated string @1:3-1:4")
        #expect(kinds(#"'a\qb'"#) == "error: invalid escape '\\q' in string @1:3-1:5")
        #expect(kinds(#"'\u{110000}'"#) == "error: invalid escape '\\u{110000}' in string @1:2-1:12")
    }

    @Test func punctuationCommentsVariablesCommands() {
        #expect(kinds("a | b ; c") == "word(a) | word(b) ; word(c)")
        #expect(kinds("DK1,DK2 $area") == "word(DK1) , word(DK2) var(area)")
        // Text glued to a variable in a command is one template, whatever it holds.
        #expect(kinds("since=$y-12-31T12:00 x=$a-$b,c") ==
            "word(since) = template($y-12-31T12:00) word(x) = template($a-$b) , word(c)")
        #expect(kinds("$y-1", mode: .expression) == "var(y) - int(1)")
        #expect(kinds("a # comment | b\nc") == "word(a) NL word(c)")
        #expect(kinds(".help daily\n.mode csv; .quit") == "cmd(help) word(daily) NL cmd(mode) word(csv) ; cmd(quit)")
        #expect(kinds("a .help") == "error: unexpected '.' @1:3-1:4")
        #expect(kinds("f(a,\n b) + 1 * 2") == "word(f) ( word(a) , word(b) ) + int(1) * int(2)")
        #expect(kinds("$") == "error: expected a variable name after '$' @1:1-1:2")
        #expect(kinds("a ! b") == "error: unexpected '!' @1:3-1:4")
        #expect(kinds("a \u{7} b") == "error: unexpected character U+0007 @1:3-1:4")
        #expect(kinds("a § b") == "error: unexpected character '§' @1:3-1:4")
        #expect(kinds("a\r\nb\rc") == "word(a) NL word(b) NL word(c)")
    }

    @Test func positionsCountCharacters() throws {
        let source = SourceText("daily area='Øresund 😀' | x\n  | sort\r\nlimit 5")
        let tokens = try Lexer.tokenize(source)
        let positions = tokens.map { "\($0.range.start)-\($0.range.end)" }
        #expect(positions == ["1:1-1:6", "1:7-1:11", "1:11-1:12", "1:12-1:23", "1:24-1:25", "1:26-1:27",
                              "1:27-2:1", "2:3-2:4", "2:5-2:9", "2:9-3:1", "3:1-3:6", "3:7-3:8", "3:8-3:8"])
        #expect(source.line(2) == "  | sort")
        #expect(source.line(3) == "limit 5")
        #expect(source.position(at: 1000) == SourcePosition(offset: 43, line: 3, column: 8))
    }
}
