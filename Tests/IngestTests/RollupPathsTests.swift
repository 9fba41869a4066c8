import EnergiData
import Foundation
import Ingest
import Postgres
import Store
import TestSupport
import Testing

/// The rollup is written two ways: from a batch's own sums for a day whose
/// rows all came in that batch, and recomputed from the stored rows for every
/// other day. On every recorded dataset — DST days, 15-minute prices,
/// DeclarationProduction's repeats, a day with prices and production from
/// different batches — both ways give the same rollup.
@Suite("the daily rollup from a batch's sums and from the stored rows agree")
struct RollupPathsTests {
    @Test func batchSumsEqualARecompute() throws {
        let connection = try PostgresConnection(try TestDatabase.fresh(prefix: "rollup_paths"))
        try Migrator.migrate(connection)
        let writer = RecordWriter(connection: connection)
        let validator = RecordValidator()
        var fromBatch = 0, refreshed = 0
        for file in StagesFixtureStore.defaultFiles + ["ElectricityBalanceNonv_DK1-DK2_hourly_2019-01-01_2019-12-31_DKtime.csv"] {
            let recorded = try RecordFileReader().read(contentsOf: TestPaths.recorded(file))
            var batch: [StoreRow] = []
            func flush() throws {
                let summary = try writer.write(batch)
                fromBatch += summary.daysFromBatchSums
                refreshed += summary.daysRefreshed
                batch.removeAll()
            }
            for record in recorded.records {
                for observation in validator.validate(record.messageValue, dataset: recorded.dataset).observations ?? [] {
                    batch.append(StoreRow(observation, source: recorded.dataset.defaultTopic))
                }
                if batch.count >= 5_000 { try flush() }
            }
            try flush()
        }
        // Both ways were taken: fresh days from sums, days already holding rows recomputed.
        #expect(fromBatch > 1_000)
        #expect(refreshed - fromBatch > 100)
        let kept = try RollupSnapshot.take(connection)
        #expect(kept.count > 2_500)
        #expect(try RollupSnapshot.recomputed(connection) == kept)

        // Writing the same rows again recomputes nothing and changes nothing, to the last bit.
        let exact = try connection.query("SELECT * FROM energi_daily ORDER BY day, price_area").rows.map(\.values)
        let again = try writer.write(try RecordFileReader().read(contentsOf: TestPaths.recorded(StagesFixtureStore.defaultFiles[0]))
            .records.prefix(3_000).flatMap { record in
                (validator.validate(record.messageValue, dataset: .elspotPrices).observations ?? [])
                    .map { StoreRow($0, source: "elspot_topic") }
            })
        #expect(again.inserted == 0 && again.daysRefreshed == 0)
        #expect(try connection.query("SELECT * FROM energi_daily ORDER BY day, price_area").rows.map(\.values) == exact)
    }
}
