import Basics
import Testing
import Tabular
@testable import Query

private func expr(_ text: String) -> String {
    let source = SourceText(text)
    do {
        let tokens = try Lexer.tokenize(source, mode: .expression)
        return SyntaxDump.expression(try ExpressionParser.parse(tokens, in: source))
    } catch {
        return error.rendered()
    }
}

@Suite struct ExpressionTests {
    @Test func precedence() {
        #expect(expr("a + b * c > 3 and not d < 1 or e = 'x'") ==
            "(or (and (> (+ a (* b c)) 3) (not (< d 1))) (= e 'x'))")
        #expect(expr("a - b - c") == "(- (- a b) c)")
        #expect(expr("a / b * c") == "(* (/ a b) c)")
        #expect(expr("-a * -2") == "(* (neg a) -2)")
        #expect(expr("(a + b) * c") == "(* (+ a b) c)")
        #expect(expr("a or b and c") == "(or a (and b c))")
        #expect(expr("not not a") == "(not (not a))")
        #expect(expr("A AND B Or NOT c") == "(or (and A B) (not c))")
        #expect(expr("x = true or y != false") == "(or (= x true) (!= y false))")
    }

    @Test func callsListsAndLiterals() {
        #expect(expr("price < avg(price) and production > median(production)") ==
            "(and (< price avg(price)) (> production median(production)))")
        #expect(expr("price > p(90, price) * 1.5") == "(> price (* p(90, price) 1.5))")
        #expect(expr("count() = 0") == "(= count() 0)")
        #expect(expr("area = DK1,DK2") == "(= area [DK1, DK2])")
        #expect(expr("time >= 2024-01-31T12:00Z and age < 15m") ==
            "(and (>= time datetime(2024-01-31T12:00:00Z)) (< age 15m(900s)))")
        #expect(expr("d = 2024-01-31 and $limit > -1.5") == "(and (= d date(2024-01-31)) (> $limit -1.5))")
    }

    @Test func errorsPointAtTheProblem() {
        #expect(expr("avg(price") == """
            error: unclosed '('
              |
            1 | avg(price
              |    ^ this '(' is never closed
            """)
        #expect(expr("p(90 price)") == """
            error: expected ',' or ')' in the arguments of 'p', found 'price'
              |
            1 | p(90 price)
              |      ^^^^^
            """)
        #expect(expr("a +") == """
            error: expected an expression after '+'
              |
            1 | a +
              |   ^
            """)
    }

    @Test func prefixParsingForRulesFiles() throws {
        // A rules-file line: the condition is followed by a reason string.
        let source = SourceText(#"BUY when price < avg(price) and production > avg(production) "cheap and plenty""#)
        let tokens = try Lexer.tokenize(source, mode: .expression)
        var parser = try ExpressionParser(tokens: tokens[2...], source: source, after: tokens[1])
        let condition = try parser.parseExpression()
        #expect(SyntaxDump.expression(condition) == "(and (< price avg(price)) (> production avg(production)))")
        #expect(parser.remaining.first?.kind == .string("cheap and plenty"))
        #expect("\(condition.range)" == "1:10-1:61")
    }

    @Test func resolvingIdentifiers() throws {
        let source = SourceText("area = DK1,DK2 and price > avg(price) or DK1 != area")
        let tokens = try Lexer.tokenize(source, mode: .expression)
        let e = try ExpressionParser.parse(tokens, in: source)
        let resolved = try e.resolvingIdentifiers(columns: ["area", "price"], in: source)
        #expect(SyntaxDump.expression(resolved) ==
            "(or (and (= col:area ['DK1', 'DK2']) (> col:price avg(col:price))) (!= 'DK1' col:area))")
        let typo = SourceText("prce > 100")
        let t = try ExpressionParser.parse(try Lexer.tokenize(typo), in: typo)
        do {
            _ = try t.resolvingIdentifiers(columns: ["area", "price"], in: typo)
            Issue.record("expected an unknown column")
        } catch {
            #expect(error.rendered() == """
                error: unknown column 'prce'
                  |
                1 | prce > 100
                  | ^^^^ did you mean 'price'?
                """)
        }
    }

    @Test func literalValues() {
        #expect(Expression.Literal.integer(5).value(in: .utc) == .int(5))
        #expect(Expression.Literal.duration(DurationLiteral("1h")!).value(in: .utc) == .int(3600))
        #expect(Expression.Literal.date(Day(year: 2024, month: 1, day: 31)).value(in: .utc) == .day(Day(year: 2024, month: 1, day: 31)))
        let t = DateTimeLiteral(day: Day(year: 2024, month: 1, day: 31), hour: 12, text: "2024-01-31T12:00")
        // Winter in Copenhagen is UTC+1.
        #expect(Expression.Literal.dateTime(t).value(in: .copenhagen).description == "2024-01-31T11:00:00Z")
    }
}
