import Foundation
import Rules
import Tabular
import Testing

/// Rules name columns their own way; aliases bind them to the input's names.
@Suite struct AliasTests {
    @Test func storeNamesThroughCallerAliases() throws {
        let figures = RecordedData.settlementDays2024
        let plain = RecordedData.rowSet(figures)
        let store = RecordedData.rowSet(figures, area: "price_area", price: "avg_price_eur", production: "total_production_mwh")
        let rules = try RuleSet.parse(TestRules.issueExample)
        let want = TestRules.decisions(try rules.apply(to: plain))
        // Per-area statistics follow the `area` alias too: the same decisions as with plain names.
        #expect(TestRules.decisions(try rules.apply(to: store, aliases: RuleSet.commonAliases)) == want)
        #expect(throws: (any Error).self) { try rules.apply(to: store) }
        try rules.validate(against: store.schema, aliases: RuleSet.commonAliases)
    }

    @Test func fileAliasFirstThenExactNameThenCallerAlias() throws {
        let input = RowSet(columns: [Column("price", .double), Column("max_price_eur", .double), Column("other", .double)],
                           rows: [[.double(10), .double(99), .double(7)]])
        func shown(_ rules: String, aliases: ColumnAliases = [:]) throws -> String {
            TestRules.reasons(try RuleSet.parse(rules).apply(to: input, aliases: aliases))[0]
        }
        #expect(try shown("X otherwise \"{price}\"") == "10.00")
        // The file's alias wins over a column of that very name.
        #expect(try shown("alias price = max_price_eur\nX otherwise \"{price}\"") == "99.00")
        // The first of its columns the input has.
        #expect(try shown("alias price = missing, other, max_price_eur\nX otherwise \"{price}\"") == "7.00")
        // An exact name wins over the caller's alias; the caller's fills a gap.
        #expect(try shown("X otherwise \"{price}\"", aliases: ["price": ["other"]]) == "10.00")
        #expect(try shown("X otherwise \"{cost}\"", aliases: ["cost": ["absent", "other"]]) == "7.00")
    }

    @Test func explicitPerAreaUsesTheAlias() throws {
        let input = RowSet(columns: [Column("price_area", .text), Column("p", .double)],
                           rows: [[.text("DK1"), .double(1)], [.text("DK2"), .double(3)], [.text("DK1"), .double(5)]])
        let rules = try RuleSet.parse("statistics per area\nM otherwise \"{avg(p)}\"")
        #expect(TestRules.reasons(try rules.apply(to: input, aliases: ["area": ["price_area"]])) == ["3.00", "3.00", "3.00"])
        #expect(TestRules.error("statistics per area\nM otherwise", name: nil, on: input).hasPrefix("error: unknown column 'area'"))
    }

    @Test func wordsComparedWithTextColumns() throws {
        let input = RowSet(columns: [Column("area", .text), Column("price", .double)],
                           rows: [[.text("DK1"), .double(1)], [.text("DK2"), .double(2)], [.text("SE3"), .double(3)]])
        let rules = try RuleSet.parse("""
            DANISH when area = DK1,DK2 and not (area = DK2)   "west"
            DANISH when DK2 = area                            "east"
            OTHER  otherwise
            """)
        let output = try rules.apply(to: input)
        #expect(TestRules.decisions(output) == ["DANISH", "DANISH", "OTHER"])
        #expect(TestRules.reasons(output) == ["west", "east", "no other rule matched"])
    }
}
