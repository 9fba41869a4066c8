import Testing
@testable import Query

@Suite struct SuggestionsTests {
    @Test func distances() {
        #expect(Suggestions.distance("decdie", "decide") == 1)   // one swap
        #expect(Suggestions.distance("kitten", "sitting") == 3)  // k→s, e→i, +g
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("abc", "abc") == 0)
        // Optimal string alignment: a swapped pair is not edited again.
        #expect(Suggestions.distance("ca", "abc") == 3)
    }

    @Test func closest() {
        let stages = ["daily", "decide", "chart", "where", "sort", "limit"]
        #expect(Suggestions.closest(to: "decdie", among: stages) == "decide")
        #expect(Suggestions.closest(to: "limt", among: stages) == "limit")
        #expect(Suggestions.closest(to: "Daily", among: stages) == "daily")
        #expect(Suggestions.closest(to: "sort", among: ["chart"]) == nil)
        #expect(Suggestions.closest(to: "frobnicate", among: stages) == nil)
        #expect(Suggestions.closest(to: "dsc", among: ["asc", "desc"]) == "desc")
        #expect(Suggestions.closest(to: "x", among: ["y"]) == nil)
        #expect(Suggestions.closest(to: "X", among: ["x"]) == "x")
        #expect(Suggestions.closest(to: "daily", among: stages) == nil)  // exact: nothing to suggest
        #expect(Suggestions.closest(to: "", among: stages) == nil)
    }
}
