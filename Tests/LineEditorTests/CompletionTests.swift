@testable import LineEditor
import Testing

/// What Tab does with candidates, without a terminal.
@Suite struct CompletionTests {
    @Test(arguments: [
        ("daily ar", "ar"),
        ("daily area=", ""),
        ("daily area=DK1,D", "D"),
        ("prices | ch", "ch"),
        ("where price>1", "1"),
        ("let x = $va", "$va"),
        (".he", ".he"),
        ("", ""),
        ("sql 'sel", "sel"),
    ])
    func wordBeforeTheCursor(line: String, word: String) {
        let context = CompletionContext(line: line)
        #expect(context.word == word)
        #expect(context.lineBeforeWord + context.word == line)
    }

    @Test func uniqueCandidateGetsASpaceUnlessAValueFollows() {
        #expect(Completion.action(word: "dai", candidates: ["daily"]) == .replaceWord("daily "))
        #expect(Completion.action(word: "ar", candidates: ["area="]) == .replaceWord("area="))
        #expect(Completion.action(word: "dk", candidates: ["DK1", "DK1"]) == .replaceWord("DK1 "))
    }

    @Test func severalCandidatesExtendToTheirCommonPrefixOrAreListed() {
        #expect(Completion.action(word: "d", candidates: ["daily", "day"]) == .replaceWord("da"))
        #expect(Completion.action(word: "d", candidates: ["daily", "decide"]) == .list(["daily", "decide"]))
        #expect(Completion.action(word: "dk", candidates: ["DK1", "DK2"]) == .replaceWord("DK"))
        #expect(Completion.action(word: "x", candidates: []) == .none)
        #expect(Completion.longestCommonPrefix(["æble", "æbler", "æblemost"]) == "æble")
    }

    @Test func candidatesAreListedInColumns() {
        let names = ["daily", "decide", "hourly", "prices", "production", "raw", "total"]
        // Widest is 10 + 2 spaces = 12; 40 columns fit 3 per row; 7 names → 3 rows, read down.
        #expect(Completion.columns(names, width: 40) == [
            "daily       prices      total",
            "decide      production",
            "hourly      raw",
        ])
        #expect(Completion.columns(["a", "b"], width: 1) == ["a", "b"])
    }
}
