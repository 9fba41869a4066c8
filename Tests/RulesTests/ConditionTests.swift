import Foundation
import Rules
import Tabular
import Testing

/// Conditions over kinds of columns other than prices: days, instants, text, true/false.
@Suite struct ConditionTests {
    @Test func daysAndInstants() throws {
        let figures = Array(RecordedData.dk2Autumn2024.prefix(5))  // 2024-08-29 … 09-02
        let daily = try RuleSet.parse("LATE when day >= 2024-09-01\nEARLY otherwise").apply(to: RecordedData.rowSet(figures))
        #expect(TestRules.decisions(daily) == ["EARLY", "EARLY", "EARLY", "LATE", "LATE"])

        // On instants a date means Danish midnight: 2024-09-01T00:00+02:00 is 2024-08-31T22:00Z.
        let hours = RecordedData.prices2024.filter { $0.area == "DK2" }
            .filter { $0.hour >= Self.ISO("2024-08-31T20:00:00Z") && $0.hour < Self.ISO("2024-09-01T00:00:00Z") }
            .sorted { $0.hour < $1.hour }
        #expect(hours.count == 4)
        let hourly = try RuleSet.parse("""
            NEW when time >= 2024-09-01
            NEARLY when time >= 2024-08-31T23:00:00+02:00
            OLD otherwise
            """).apply(to: RecordedData.hourlyRowSet(hours))
        #expect(TestRules.decisions(hourly) == ["OLD", "NEARLY", "NEW", "NEW"])
    }

    @Test func textAndBooleans() throws {
        let input = RowSet(columns: [Column("area", .text), Column("windy", .bool)],
                           rows: [[.text("DK1"), .bool(true)], [.text("DK2"), .bool(false)], [.text("SE3"), .null]])
        let output = try RuleSet.parse("""
            A when windy and area < DK2
            B when windy = false or area != SE3
            C otherwise
            """).apply(to: input)
        #expect(TestRules.decisions(output) == ["A", "B", "C"])
        #expect(TestRules.error("X when windy > true", on: input).hasPrefix("error: conditions can only be compared with '=' or '!='"))
    }

    static func ISO(_ text: String) -> Date {
        RecordedData.utc(text)
    }
}
