import Testing
@testable import Query

@Suite struct CompletenessTests {
    @Test func asksForMoreAfterPipeQuoteOrParen() {
        #expect(!Parser.isComplete("daily |"))
        #expect(!Parser.isComplete("daily |  # more below\n"))
        #expect(!Parser.isComplete("daily |\n\n"))
        #expect(!Parser.isComplete("sql 'select *\nfrom x"))
        #expect(!Parser.isComplete(#"chart title="a"#))
        #expect(!Parser.isComplete("daily | where (price > 1"))
        #expect(!Parser.isComplete("daily | where (price > 1\n and (area = DK1)"))
    }

    @Test func completeOtherwise() {
        #expect(Parser.isComplete(""))
        #expect(Parser.isComplete("daily"))
        #expect(Parser.isComplete("daily |\n decide"))
        #expect(Parser.isComplete("sql 'select *\nfrom x'"))
        #expect(Parser.isComplete("daily | where (price > 1)"))
        #expect(Parser.isComplete("daily )"))
        #expect(Parser.isComplete("daily # | not a pipe"))
        // Other errors: submit, so that the error is shown.
        #expect(Parser.isComplete("daily | $"))
        #expect(Parser.isComplete("daily 2024-13-01 |"))
    }
}
