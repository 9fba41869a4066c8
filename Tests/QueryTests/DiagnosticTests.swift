import Testing
@testable import Query

/// Input → exact error text. Columns are counted by hand from the input.
@Suite struct DiagnosticTests {
    @Test func unknownStageWithSuggestion() {
        #expect(firstError("daily area=DK1 | decdie | chart") == """
            error: unknown stage 'decdie'
              |
            1 | daily area=DK1 | decdie | chart
              |                  ^^^^^^ did you mean 'decide'?
            """)
    }

    @Test func unknownStageWithoutSuggestion() {
        #expect(firstError("daily | frobnicate") == """
            error: unknown stage 'frobnicate'
              |
            1 | daily | frobnicate
              |         ^^^^^^^^^^
              = note: '.help' lists the stages
            """)
    }

    @Test func badValueType() {
        #expect(firstError("daily last=abc") == """
            error: expected a duration like 7d or 15m for 'last'
              |
            1 | daily last=abc
              |            ^^^
            """)
        #expect(firstError("daily | limit ten") == """
            error: expected a whole number for 'n'
              |
            1 | daily | limit ten
              |               ^^^
            """)
    }

    @Test func choiceWithSuggestion() {
        #expect(firstError("daily | sort date dsc") == """
            error: expected one of asc, desc for 'order'
              |
            1 | daily | sort date dsc
              |                   ^^^ did you mean 'desc'?
            """)
    }

    @Test func unterminatedString() {
        #expect(firstError("daily area='DK1 | chart") == """
            error: unterminated string
              |
            1 | daily area='DK1 | chart
              |            ^ this quote is never closed
              = note: end the string with '
            """)
    }

    @Test func strayPipes() {
        #expect(firstError("| daily") == """
            error: unexpected '|' at start of pipeline
              |
            1 | | daily
              | ^
              = note: a pipeline starts with a stage name, e.g. daily | chart
            """)
        #expect(firstError("daily | | chart") == """
            error: expected a stage name after '|'
              |
            1 | daily | | chart
              |         ^
            """)
        #expect(firstError("daily | chart |") == """
            error: expected a stage name after '|'
              |
            1 | daily | chart |
              |               ^
            """)
    }

    @Test func missingValueAfterEquals() {
        #expect(firstError("daily area= | chart") == """
            error: expected a value after '='
              |
            1 | daily area= | chart
              |           ^
            """)
        #expect(firstError("daily area=DK1,") == """
            error: expected a value after ','
              |
            1 | daily area=DK1,
              |               ^
            """)
    }

    @Test func unknownArgumentName() {
        #expect(firstError("daily aera=DK1") == """
            error: unknown argument 'aera' for 'daily'
              |
            1 | daily aera=DK1
              |       ^^^^ did you mean 'area'?
            """)
        #expect(firstError("daily | decide rulez=x") == """
            error: unknown argument 'rulez' for 'decide'
              |
            1 | daily | decide rulez=x
              |                ^^^^^ did you mean 'rules'?
            """)
        #expect(firstError("daily | decide colour=x") == """
            error: unknown argument 'colour' for 'decide'
              |
            1 | daily | decide colour=x
              |                ^^^^^^
              = note: 'decide' takes rules
            """)
    }

    @Test func unknownVariable() {
        #expect(firstError("let area = DK1\ndaily area=$aera") == """
            error: unknown variable '$aera'
              |
            2 | daily area=$aera
              |            ^^^^^ did you mean '$area'?
            """)
    }

    @Test func unclosedParenInWhere() {
        #expect(firstError("daily | where (avg_price > 100 and area = DK1 | chart") == """
            error: unclosed '('
              |
            1 | daily | where (avg_price > 100 and area = DK1 | chart
              |               ^ this '(' is never closed
            """)
        #expect(firstError("daily | where avg_price > 100)") == """
            error: unexpected ')'
              |
            1 | daily | where avg_price > 100)
              |                              ^
              = note: there is no '(' for it to close
            """)
    }

    @Test func badDate() {
        #expect(firstError("daily since=2024-13-01") == """
            error: invalid date '2024-13-01'
              |
            1 | daily since=2024-13-01
              |             ^^^^^^^^^^ there is no month 13
            """)
        #expect(firstError("daily since=2023-02-29") == """
            error: invalid date '2023-02-29'
              |
            1 | daily since=2023-02-29
              |             ^^^^^^^^^^ 2023-02 has 28 days
            """)
    }

    @Test func missingDuplicateAndSurplusArguments() {
        #expect(firstError("daily | limit") == """
            error: missing argument 'n' for 'limit'
              |
            1 | daily | limit
              |         ^^^^^
              = note: usage: limit <n>
            """)
        #expect(firstError("daily area=DK1 area=DK2") == """
            error: 'area' is given twice
              |
            1 | daily area=DK1 area=DK2
              |                ^^^^^^^^ already given at 1:7
            """)
        #expect(firstError("daily | limit 5 6") == """
            error: too many values for 'limit'
              |
            1 | daily | limit 5 6
              |                 ^
              = note: usage: limit <n>
            """)
        #expect(firstError("daily DK1") == """
            error: unexpected value 'DK1' for 'daily'
              |
            1 | daily DK1
              |       ^^^
              = note: usage: daily [area=WORD,...] [last=DURATION] [since=TIME] [until=TIME] [by=day|week|month|area] [tz=WORD] [COLUMN op VALUE ...]
            """)
    }

    @Test func operatorsAndPlacement() {
        #expect(firstError("daily last>7d") == """
            error: 'last' takes '=', not '>'
              |
            1 | daily last>7d
              |           ^
            """)
        #expect(firstError("decide | chart") == """
            error: 'decide' needs rows: start the pipeline with a source
              |
            1 | decide | chart
              | ^^^^^^
              = note: sources: daily, raw, sql, tail
            """)
        #expect(firstError("daily | chart | limit 5") == """
            error: 'chart' is a sink and must end the pipeline
              |
            1 | daily | chart | limit 5
              |         ^^^^^
            """)
    }

    @Test func arithmeticOutsideParentheses() {
        #expect(firstError("daily * 2") == """
            error: unexpected '*' in the arguments of 'daily'
              |
            1 | daily * 2
              |       ^
              = note: put arithmetic in parentheses, e.g. (price * 2)
            """)
        #expect(firstError("daily | limit - 5") == """
            error: unexpected '-' in the arguments of 'limit'
              |
            1 | daily | limit - 5
              |               ^
              = note: write negative numbers without a space: -5 or -10m
            """)
    }

    @Test func expressionErrors() {
        #expect(firstError("daily | where") == """
            error: expected an expression after 'where'
              |
            1 | daily | where
              |         ^^^^^
            """)
        #expect(firstError("daily | where a < b < c") == """
            error: comparisons cannot be chained
              |
            1 | daily | where a < b < c
              |                     ^
              = note: join them with 'and': a < b and b < c
            """)
        #expect(firstError("daily | where avg_price > 1 area = DK1") == """
            error: unexpected 'area' after the expression
              |
            1 | daily | where avg_price > 1 area = DK1
              |                             ^^^^
              = note: join conditions with 'and' or 'or'
            """)
        #expect(firstError("daily | where avg_price > and") == """
            error: expected an expression after '>'
              |
            1 | daily | where avg_price > and
              |                           ^^^
            """)
    }

    @Test func sourceNameAndWideGutter() {
        let text = "# report\nlet a = DK1\ndaily aera=$a | chart\n"
        #expect(firstError(text, name: "queries/x.efq") == """
            error: unknown argument 'aera' for 'daily'
             --> queries/x.efq:3:7
              |
            3 | daily aera=$a | chart
              |       ^^^^ did you mean 'area'?
            """)
        let ten = String(repeating: "\n", count: 9) + "daily\t| decdie"
        #expect(firstError(ten, name: "x.efq") == """
            error: unknown stage 'decdie'
              --> x.efq:10:9
               |
            10 | daily | decdie
               |         ^^^^^^ did you mean 'decide'?
            """)
    }

    @Test func controlCharactersAreShownSafely() {
        // The echoed line replaces the bell with U+FFFD so the caret stays under it.
        #expect(firstError("daily\u{7}") == """
            error: unexpected character U+0007
              |
            1 | daily\u{FFFD}
              |      ^
            """)
    }

    @Test func errorWithoutSource() {
        let error = QueryError(.other, "something broke", at: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)),
                               note: "try again")
        #expect(error.rendered() == "error: something broke\n  = note: try again")
    }
}
