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
}
