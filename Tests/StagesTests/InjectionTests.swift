import Foundation
import Postgres
import Stages
import TestSupport
import Testing

/// Values are parameters, never SQL: attempts to inject are just values that match nothing.
@Suite struct InjectionTests {
    @Test func hostileValuesMatchNothingAndChangeNothing() throws {
        let configuration = try StagesFixtureStore.fresh(
            prefix: "stages_injection", files: ["DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"])
        defer { try? TestDatabase.drop(configuration) }
        let connection = try PostgresConnection(configuration)
        let before = try connection.query("SELECT count(*) FROM energi_records").scalar?.int
        #expect(before == 672)
        let context = ExecutionContext(database: LazyDatabase(configuration), output: TextOutput())
        let executor = Executor()
        for pipeline in [
            #"prices area="DK1'; drop table energi_records; --""#,
            #"daily area="DK2' OR '1'='1""#,
            #"raw dayahead area="x'); delete from energi_records; --""#,
            #"prices area=DK2 | where dataset = "x' or 1=1 --""#,
            #"hourly area=DK2 | where area = "DK2'; truncate energi_daily; --",DK9"#,
            #"production type="Solar'; drop table energi_daily; --""#,
        ] {
            let rows = try executor.rows(of: pipeline, context: context)
            #expect(rows.count == 0, "\(pipeline)")
        }
        // Hostile text where SQL text would have to be: refused before reaching the server.
        for pipeline in [
            #"prices by=day tz="UTC'; drop table energi_records; --""#,
            #"daily | select "day; drop table energi_records""#,
            #"sql 'select 1; drop table energi_records'"#,
            #"sql 'drop table energi_records'"#,
        ] {
            #expect(Fixture.error(pipeline, context: context)?.code == .query, "\(pipeline)")
        }
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == before)
        #expect(try connection.query("SELECT count(*) FROM energi_daily").scalar?.int == 7)
        // The real area still works on the same store.
        #expect(try executor.rows(of: "prices area=DK2", context: context).count == 672)
    }

    /// The new positions: expressions, `as` names, pivot keys that become
    /// column names, join's pipeline. Values stay parameters; names stay
    /// quoted identifiers, pushed and in memory alike.
    @Test(arguments: [true, false])
    func newPositionsStayValuesAndQuotedNames(pushDown: Bool) throws {
        let configuration = try StagesFixtureStore.fresh(
            prefix: "stages_injection_new", files: ["DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"])
        defer { try? TestDatabase.drop(configuration) }
        let connection = try PostgresConnection(configuration)
        let context = ExecutionContext(database: LazyDatabase(configuration), output: TextOutput(), pushDown: pushDown)
        let executor = Executor()
        let hostile = #"x"; drop table energi_records; --"#
        let quote = #"y'); delete from energi_daily; --"#
        // Values in expressions.
        #expect(try executor.rows(of: #"prices area=DK2 | where dataset = "x' or 1=1 --" or price > 1000000"#, context: context).count == 0)
        let text = try executor.rows(of: "prices area=DK2 | extend note = \"\(quote)\" | select note | limit 1", context: context)
        #expect(text.rows == [[.text(quote)]])
        // Names after `as`, in backquotes and as a pivot's column names.
        let named = try executor.rows(of: #"prices area=DK2 | select price as "x\"; drop table energi_records; --" | limit 1"#, context: context)
        #expect(named.columns.map(\.name) == [hostile])
        let quoted = try executor.rows(of: "prices area=DK2 | extend `\(hostile)` = price * 2 | select `\(hostile)`, price | limit 1", context: context)
        #expect(quoted.columns.map(\.name) == [hostile, "price"])
        #expect(quoted.rows[0][0].number == quoted.rows[0][1].number.map { $0 * 2 })
        let pivoted = try executor.rows(of: """
            prices area=DK2 since=2026-03-01 until=2026-03-02 | extend area = if(minutes = 15, '\(hostile.replacingOccurrences(of: "'", with: "\\'"))', 'DK2') \
            | select time, area, price | pivot area price | summarize count(), avg(`\(hostile)`)
            """, context: context)
        #expect(pivoted.rows.first?[0] == .int(96))
        #expect(pivoted.columns.map(\.name) == ["count", "avg_\(hostile)"])
        // The pipeline in parentheses binds its values like any other.
        #expect(try executor.rows(of: #"prices area=DK2 | join (prices area="DK2'; drop table energi_records; --") on time"#,
                                  context: context).count == 0)
        #expect(try connection.query("SELECT count(*) FROM energi_records").scalar?.int == 672)
        #expect(try connection.query("SELECT count(*) FROM energi_daily").scalar?.int == 7)
    }
}
