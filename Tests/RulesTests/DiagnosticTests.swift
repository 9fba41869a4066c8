import Query
import Rules
import Tabular
import Testing

/// Rules-file errors: input → the exact text users see. Columns are counted
/// by hand from the input.
@Suite struct DiagnosticTests {
    static let daily = RowSet(columns: [Column("day", .day), Column("area", .text), Column("price", .double),
                                        Column("production", .double)])

    func error(_ text: String, name: String? = "test.rules", aliases: ColumnAliases = [:]) -> String {
        TestRules.error(text, name: name, on: Self.daily, aliases: aliases)
    }

    @Test func unknownDecisionSyntax() {
        #expect(error("123 when price < 5 \"x\"") == """
            error: expected a decision such as BUY at the start of the rule, found '123'
             --> test.rules:1:1
              |
            1 | 123 when price < 5 "x"
              | ^^^
              = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
            """)
        #expect(error("when price < 5") == """
            error: expected a decision before 'when'
             --> test.rules:1:1
              |
            1 | when price < 5
              | ^^^^ what does this rule decide?
              = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
            """)
        #expect(error("not when price < 5").hasPrefix("error: 'not' is a keyword and cannot be a decision\n --> test.rules:1:1"))
    }

    @Test func missingWhen() {
        #expect(error("BUY price < 50 \"cheap\"") == """
            error: expected 'when' or 'otherwise' after 'BUY', found 'price'
             --> test.rules:1:5
              |
            1 | BUY price < 50 "cheap"
              |     ^^^^^
              = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
            """)
        #expect(error("BUY wen price < 50 \"cheap\"") == """
            error: expected 'when' or 'otherwise' after 'BUY', found 'wen'
             --> test.rules:1:5
              |
            1 | BUY wen price < 50 "cheap"
              |     ^^^ did you mean 'when'?
              = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
            """)
        #expect(error("# header\nBUY") == """
            error: expected 'when' or 'otherwise' after 'BUY'
             --> test.rules:2:4
              |
            2 | BUY
              |    ^
              = note: a rule is DECISION when CONDITION "reason", or DECISION otherwise "reason"
            """)
    }

    @Test func missingCondition() {
        #expect(error("BUY when \"x\"") == """
            error: expected a condition after 'when'
             --> test.rules:1:10
              |
            1 | BUY when "x"
              |          ^^^
              = note: e.g. BUY when price < avg(price) "below the average price"
            """)
        // A condition cannot end in a string: that string is the reason.
        #expect(error("BUY when area = \"DK1\"") == """
            error: expected an expression after '='
             --> test.rules:1:15
              |
            1 | BUY when area = "DK1"
              |               ^
              = note: the quoted text at the end of a rule is its reason; compare with a bare word (area = DK1) or put the reason after the condition
            """)
    }

    @Test func unterminatedReason() {
        #expect(error("BUY when price < 50 \"cheap") == """
            error: unterminated string
             --> test.rules:1:21
              |
            1 | BUY when price < 50 "cheap
              |                     ^ this quote is never closed
              = note: end the string with "
            """)
        // A later quote must not swallow the next line: the error stays on the open one.
        #expect(error("BUY when price < 50 'cheap\nAVOID when price > 100 'dear'\nMONITOR otherwise") == """
            error: unterminated string
             --> test.rules:1:21
              |
            1 | BUY when price < 50 'cheap
              |                     ^ this quote is never closed
              = note: end the string with '
            """)
    }

    @Test func unknownFunction() {
        #expect(error("BUY when price < agv(price) \"x\"") == """
            error: unknown function 'agv'
             --> test.rules:1:18
              |
            1 | BUY when price < agv(price) "x"
              |                  ^^^ did you mean 'avg'?
              = note: the functions are abs, round, coalesce, if, hour, weekday, day, month, year, week, bin, count, sum, avg, min, max, median, p, stddev, corr
            """)
        #expect(error("BUY when price < frobnicate(price) \"x\"") == """
            error: unknown function 'frobnicate'
             --> test.rules:1:18
              |
            1 | BUY when price < frobnicate(price) "x"
              |                  ^^^^^^^^^^
              = note: the functions are abs, round, coalesce, if, hour, weekday, day, month, year, week, bin, count, sum, avg, min, max, median, p, stddev, corr
            """)
    }

    @Test func wrongArity() {
        #expect(error("BUY when price > p(price) \"x\"") == """
            error: 'p' takes 2 arguments, found 1
             --> test.rules:1:18
              |
            1 | BUY when price > p(price) "x"
              |                  ^^^^^^^^
              = note: write p(N, x): the N-th percentile (0–100), interpolating linearly between the closest ranks (as PERCENTILE.INC and percentile_cont)
            """)
        #expect(error("BUY when avg(price, production) > 1").hasPrefix("""
            error: 'avg' takes 1 argument, found 2
             --> test.rules:1:10
            """))
        #expect(error("BUY when price > p(150, price) \"x\"") == """
            error: the percentile must be a number from 0 to 100
             --> test.rules:1:20
              |
            1 | BUY when price > p(150, price) "x"
              |                    ^^^
              = note: e.g. p(90, price) is the price 90% of the rows are at or below
            """)
        #expect(error("BUY when avg(avg(price)) > 1") == """
            error: statistics cannot be nested
             --> test.rules:1:14
              |
            1 | BUY when avg(avg(price)) > 1
              |              ^^^^^^^^^^ inside 'avg'
              = note: an aggregate summarises a column (or an expression) of each row, e.g. avg(price * production)
            """)
    }

    @Test func unknownColumn() {
        #expect(error("BUY when prise < avg(price) \"x\"") == """
            error: unknown column 'prise'
             --> test.rules:1:10
              |
            1 | BUY when prise < avg(price) "x"
              |          ^^^^^ did you mean 'price'?
              = note: the input's columns are day, area, price, production
            """)
        #expect(error("BUY when price < 5 \"x\"\nAVOID when price > avg(prodution)") == """
            error: unknown column 'prodution'
             --> test.rules:2:24
              |
            2 | AVOID when price > avg(prodution)
              |                        ^^^^^^^^^ did you mean 'production'?
              = note: the input's columns are day, area, price, production
            """)
        #expect(error("BUY when wind > 5") == """
            error: unknown column 'wind'
             --> test.rules:1:10
              |
            1 | BUY when wind > 5
              |          ^^^^
              = note: the input's columns are day, area, price, production
            """)
    }

    @Test func unknownColumnThroughAliases() {
        let store = RowSet(columns: [Column("day", .day), Column("price_area", .text), Column("avg_price_eur", .double),
                                     Column("total_production_mwh", .double)])
        // The did-you-mean knows the alias names; the note lists the columns and what the aliases give.
        #expect(TestRules.error("BUY when prices < 5", on: store, aliases: RuleSet.commonAliases) == """
            error: unknown column 'prices'
             --> test.rules:1:10
              |
            1 | BUY when prices < 5
              |          ^^^^^^ did you mean 'price'?
              = note: the input's columns are day, price_area, avg_price_eur, total_production_mwh; by alias also area (price_area), price (avg_price_eur), production (total_production_mwh)
            """)
        // A file alias whose columns the input lacks says so at the use.
        #expect(TestRules.error("alias price = spot_price, price_eur\n\nBUY when price < 5", on: store) == """
            error: unknown column 'price'
             --> test.rules:3:10
              |
            3 | BUY when price < 5
              |          ^^^^^ its alias on line 1 names spot_price, price_eur, which the input lacks
              = note: the input's columns are day, price_area, avg_price_eur, total_production_mwh
            """)
    }

    @Test func otherwiseNotLast() {
        #expect(error("""
            MONITOR otherwise "mixed"
            BUY when price < avg(price) "cheap"
            AVOID when price > avg(price) "dear"
            """) == """
            error: 'otherwise' must be the last rule
             --> test.rules:1:9
              |
            1 | MONITOR otherwise "mixed"
              |         ^^^^^^^^^ the rules after it could never match
              = note: move this rule to the end, after the rule on line 3
            """)
        #expect(error("BUY when price < 5\nMONITOR otherwise\nAVOID otherwise") == """
            error: 'otherwise' must be the last rule
             --> test.rules:2:9
              |
            2 | MONITOR otherwise
              |         ^^^^^^^^^ the rules after it could never match
              = note: move this rule to the end, after the rule on line 3; a file has one 'otherwise'
            """)
    }

    @Test func emptyFile() {
        #expect(error("") == """
            error: no rules in test.rules
             --> test.rules:1:1
              |
            1 | 
              | ^
              = note: write one rule per line, e.g. BUY when price < avg(price) "below the average price"
            """)
        #expect(error("# only comments\n\nstatistics over all rows\n") == """
            error: no rules in test.rules
             --> test.rules:1:1
              |
            1 | # only comments
              | ^
              = note: write one rule per line, e.g. BUY when price < avg(price) "below the average price"
            """)
    }

    @Test func typeMismatches() {
        #expect(error("BUY when price \"x\"") == """
            error: the condition of 'BUY' is a number, not a test
             --> test.rules:1:10
              |
            1 | BUY when price "x"
              |          ^^^^^
              = note: compare it with something, e.g. price > 150 or price < avg(price)
            """)
        #expect(error("BUY when area > 5 \"x\"") == """
            error: cannot compare area (text) with 5 (a number)
             --> test.rules:1:10
              |
            1 | BUY when area > 5 "x"
              |          ^^^^^^^^ text and a number
              = note: to compare with a number as text, quote it: '5'
            """)
        #expect(error("BUY when price < 5 and production \"x\"") == """
            error: 'and' needs conditions on both sides, like price > 100; production is a number
             --> test.rules:1:24
              |
            1 | BUY when price < 5 and production "x"
              |                        ^^^^^^^^^^
            """)
        #expect(error("BUY when avg(area) > 1").hasPrefix("error: avg() needs a number, but area is text\n --> test.rules:1:14"))
        #expect(error("BUY when area < DK1,DK2") == """
            error: a list of values can only follow '=' or '!='
             --> test.rules:1:17
              |
            1 | BUY when area < DK1,DK2
              |                 ^^^^^^^
              = note: '<' compares with one value
            """)
    }

    @Test func syntaxAroundTheCondition() {
        #expect(error("BUY when price < 5 \"x\" extra") == """
            error: unexpected 'extra' after the reason
             --> test.rules:1:24
              |
            1 | BUY when price < 5 "x" extra
              |                        ^^^^^
              = note: the reason in quotes ends the rule
            """)
        #expect(error("BUY when price < 5 production > 1 \"x\"") == """
            error: unexpected 'production' after the condition
             --> test.rules:1:20
              |
            1 | BUY when price < 5 production > 1 "x"
              |                    ^^^^^^^^^^
              = note: join conditions with 'and' or 'or'; the reason goes last, in quotes
            """)
        #expect(error("BUY when (price < 5 \"x\"\nMONITOR otherwise") == """
            error: unclosed '('
             --> test.rules:1:10
              |
            1 | BUY when (price < 5 "x"
              |          ^ this '(' is never closed
            """)
        #expect(error("BUY when price < 5) \"x\"") == """
            error: unexpected ')'
             --> test.rules:1:19
              |
            1 | BUY when price < 5) "x"
              |                   ^
              = note: there is no '(' for it to close
            """)
        #expect(error("BUY otherwise price") == """
            error: unexpected 'price' after 'otherwise'
             --> test.rules:1:15
              |
            1 | BUY otherwise price
              |               ^^^^^
              = note: 'otherwise' takes no condition; only a reason in quotes may follow it
            """)
        #expect(error("BUY when price < $limit").hasPrefix("error: variables such as '$limit' cannot be used in a rules file\n --> test.rules:1:18"))
    }

    @Test func directives() {
        #expect(error("statistics pre area\nBUY otherwise") == """
            error: expected 'per' or 'over' after 'statistics', found 'pre'
             --> test.rules:1:12
              |
            1 | statistics pre area
              |            ^^^ did you mean 'per'?
              = note: write 'statistics per area' (the default) or 'statistics over all rows'
            """)
        #expect(error("statistics per arae\nBUY otherwise") == """
            error: unknown column 'arae'
             --> test.rules:1:16
              |
            1 | statistics per arae
              |                ^^^^ did you mean 'area'?
              = note: the input's columns are day, area, price, production
            """)
        #expect(error("statistics over all\nstatistics per area\nX otherwise") == """
            error: the statistics are already set on line 1
             --> test.rules:2:1
              |
            2 | statistics per area
              | ^^^^^^^^^^
              = note: a file has at most one 'statistics' line
            """)
        #expect(error("alias price\nBUY otherwise") == """
            error: expected '=' after 'price'
             --> test.rules:1:12
              |
            1 | alias price
              |            ^
              = note: write alias NAME = COLUMN, e.g. alias price = avg_price_eur (or several columns: the first the input has)
            """)
        #expect(error("alias price = a\nalias price = b\nX otherwise").hasPrefix("""
            error: 'price' already has an alias
             --> test.rules:2:7
            """))
        #expect(error("alias avg = price\nX otherwise").hasPrefix("error: 'avg' cannot be an alias\n --> test.rules:1:7"))
    }

    @Test func reasonTemplates() {
        #expect(error("BUY when price < 5 \"price {price\"") == """
            error: unclosed '{' in the reason
             --> test.rules:1:27
              |
            1 | BUY when price < 5 "price {price"
              |                           ^ this '{' is never closed
              = note: write {expression}, e.g. {price}, or {{ for a brace in the text
            """)
        #expect(error("BUY when price < 5 \"price } x\"") == """
            error: unmatched '}' in the reason
             --> test.rules:1:27
              |
            1 | BUY when price < 5 "price } x"
              |                           ^
              = note: write }} for a brace in the text, or {expression} to show a value
            """)
        #expect(error("BUY when price < 5 \"price {}\"").hasPrefix("error: empty '{}' in the reason\n --> test.rules:1:27"))
        #expect(error("BUY when price < 5 \"price {pryce}\"") == """
            error: unknown column 'pryce'
             --> test.rules:1:28
              |
            1 | BUY when price < 5 "price {pryce}"
              |                            ^^^^^ did you mean 'price'?
              = note: the input's columns are day, area, price, production
            """)
        #expect(error("BUY when price < 5 \"{avg(avg(price))}\"").hasPrefix("error: statistics cannot be nested\n --> test.rules:1:26"))
    }

    @Test func withoutAFileNameThereIsNoLocationLine() {
        #expect(error("BUY when prise < 5", name: nil) == """
            error: unknown column 'prise'
              |
            1 | BUY when prise < 5
              |          ^^^^^ did you mean 'price'?
              = note: the input's columns are day, area, price, production
            """)
    }

    @Test func errorCodesForTools() throws {
        func code(_ text: String) -> QueryError.Code? {
            do {
                _ = try RuleSet.parse(text).apply(to: Self.daily)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("BUY when prise < 5") == .unknownColumn)
        #expect(code("BUY when price < 5 \"x") == .unterminatedString)
        #expect(code("BUY when p(price) > 1") == .missingArgument)
        #expect(code("BUY when count(price, area) > 1") == .tooManyValues)
        #expect(code("BUY when area > 5") == .wrongType)
        #expect(code("BUY price") == .unexpectedToken)
    }
}
