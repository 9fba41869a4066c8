import Shell
import Testing

@Suite struct StatementChunkerTests {
    typealias Chunk = StatementChunker.Chunk

    @Test func completeLinesAreChunksAndBlankLinesAreSkipped() {
        #expect(StatementChunker.chunks(of: "a\n\n# c\nb; c\n") == [Chunk(text: "a\n\n# c", firstLine: 1), Chunk(text: "b; c", firstLine: 4)])
        #expect(StatementChunker.chunks(of: "\n\n  \n") == [])
        #expect(StatementChunker.chunks(of: "# only a comment") == [])
    }

    @Test func openPipesQuotesAndParenthesesContinue() {
        #expect(StatementChunker.chunks(of: "daily |\n  csv\nx") == [Chunk(text: "daily |\n  csv", firstLine: 1), Chunk(text: "x", firstLine: 3)])
        #expect(StatementChunker.chunks(of: "sql 'select\n 1'\nx") == [Chunk(text: "sql 'select\n 1'", firstLine: 1), Chunk(text: "x", firstLine: 3)])
        #expect(StatementChunker.chunks(of: "where (a > 1\n and b < 2)") == [Chunk(text: "where (a > 1\n and b < 2)", firstLine: 1)])
    }

    @Test func aLineStartingWithAPipeContinuesThePreviousOne() {
        #expect(StatementChunker.chunks(of: "daily\n# note\n  | csv\n\nx\r\ny") == [
            Chunk(text: "daily\n# note\n  | csv\n", firstLine: 1), Chunk(text: "x", firstLine: 5), Chunk(text: "y", firstLine: 6),
        ])
    }

    @Test func anUnfinishedStatementAtTheEndIsStillHandedOut() {
        #expect(StatementChunker.chunks(of: "x\nsql 'open") == [Chunk(text: "x", firstLine: 1), Chunk(text: "sql 'open", firstLine: 2)])
    }
}
