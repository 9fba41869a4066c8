import Basics
import Foundation
import Rules
import Tabular
import Testing

/// Reasons: as written, with values filled in, or made up when missing.
@Suite struct ReasonTests {
    static let input = RowSet(columns: [Column("day", .day), Column("area", .text), Column("price", .double),
                                        Column("n", .int)],
                              rows: [[.day(Day(year: 2024, month: 9, day: 6)), .text("DK2"), .double(36.2449997), .int(3)],
                                     [.day(Day(year: 2024, month: 9, day: 7)), .text("DK2"), .double(-0.001), .null]])

    func reasons(_ rules: String) throws -> [String] {
        TestRules.reasons(try RuleSet.parse(rules).apply(to: Self.input))
    }

    @Test func valuesAreFilledInPerRow() throws {
        #expect(try reasons("X otherwise \"{day} {area}: {price} EUR/MWh, n={n}, avg {avg(price)}, {price < 0}\"") == [
            "2024-09-06 DK2: 36.24 EUR/MWh, n=3, avg 18.12, false",
            "2024-09-07 DK2: 0.00 EUR/MWh, n=n/a, avg 18.12, true",
        ])
        #expect(try reasons("X otherwise \"{price * 2 + 1}|{abs(price)}|{n * 10}\"")[0] == "73.49|36.24|30")
    }

    @Test func escapesAndBraces() throws {
        #expect(try reasons(#"X otherwise "say \"hi\" {{literal}} \u{2265} {n}\t." "#)[0] == "say \"hi\" {literal} ≥ 3\t.")
        #expect(try reasons(#"X otherwise 'it\'s'"#)[0] == "it's")
        #expect(try reasons("X otherwise 'single {area}'")[0] == "single DK2")
    }

    @Test func missingReasons() throws {
        let output = try reasons("""
            CHEAP when (price < 0 or
                        price < 10)
            OTHER otherwise
            """)
        #expect(output == ["no other rule matched", "(price < 0 or price < 10)"])
    }

    @Test func decisionsAndKeywordsAsWritten() throws {
        let rules = try RuleSet.parse("charge_Battery WHEN price < 0\nHold OTHERWISE \"wait\"")
        #expect(rules.decisions == ["charge_Battery", "Hold"])
        #expect(rules.hasOtherwise)
        #expect(TestRules.decisions(try rules.apply(to: Self.input)) == ["Hold", "charge_Battery"])
    }

    @Test func formatting() {
        #expect(ReasonTemplate.format(.double(63.456)) == "63.46")
        #expect(ReasonTemplate.format(.double(50)) == "50.00")
        #expect(ReasonTemplate.format(.double(-0.004)) == "0.00")
        #expect(ReasonTemplate.format(.double(.infinity)) == "n/a")
        #expect(ReasonTemplate.format(.int(-7)) == "-7")
        #expect(ReasonTemplate.format(.null) == "n/a")
        #expect(ReasonTemplate.format(.text("DK1")) == "DK1")
    }
}
