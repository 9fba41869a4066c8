import EnergiData
import Foundation
import Ingest
import Postgres
import TestSupport
import Testing

/// Consumers in one group over many partitions — started together, one of
/// them killed with SIGKILL mid-run and a replacement started — leave the
/// store exactly as the recorded files say: every record once, and every
/// energi_daily column equal both to what the test computes from the CSV
/// lines itself and to a recomputation from the stored rows written here in
/// SQL (not EnergiFlow's rollup SQL).
@Suite(.serialized) struct ScaleOutTests {
    static let balance = "ElectricityBalanceNonv_DK1-DK2_hourly_2019-01-01_2019-12-31_DKtime.csv"
    static let prices = "ElspotPrices_DK2_hourly_2017-01-01_2022-10-19_DKtime.csv"

    /// Production columns of ElectricityBalanceNonv as the dataset documents them
    /// (every value column but TotalLoad and the Exchange* flows), read off the file's header.
    static func balanceProduction() throws -> [String] {
        try IngestCSV(contentsOf: TestPaths.recorded(balance)).header.filter {
            !["HourUTC", "HourDK", "PriceArea", "TotalLoad"].contains($0) && !$0.hasPrefix("Exchange")
        }
    }

    /// `killAt`: the share of the rows stored when one consumer is killed.
    @Test(arguments: [0.1, 0.5])
    func threeConsumersOneKilledGiveWhatTheFilesSay(killAt: Double) throws {
        let pipeline = try Pipeline("scale_out_\(Int(killAt * 10))", partitions: 4)
        try pipeline.publish(Self.balance, Self.prices)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        var environment = pipeline.environment
        environment["XDG_STATE_HOME"] = state.path
        environment["KAFKA_BROKERS"] = pipeline.cluster.bootstrapServers
        let arguments = ["consume", "--until-idle", "--idle", "3", "--batch-size", "500"]

        let expectedRows = try Self.expectedRowCount()
        var consumers = try (0..<3).map { _ in try IngestProcess(arguments, environment: environment) }
        // Kill one mid-run: once it holds partitions and the rows are coming in.
        let victim = consumers[0].process.processIdentifier
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let holds = try pipeline.count("SELECT count(*) FROM energi_consumer_members WHERE member LIKE $1", [.text("% pid \(victim) %")])
            if holds > 0, try pipeline.count("SELECT count(*) FROM energi_records") >= Int(Double(expectedRows) * killAt) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        consumers[0].kill9()
        consumers[0] = try IngestProcess(arguments, environment: environment)
        var outputs: [String] = []
        for consumer in consumers {
            let (status, output) = consumer.wait(timeout: 240)
            #expect(status == 0, "\(output)")
            outputs.append(output)
        }
        // The replacement removed the dead member from the group rather than wait out its session.
        #expect(outputs[0].contains("whose process is gone"), "\(outputs[0])")

        // Every record once.
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == expectedRows)
        #expect(try pipeline.count("SELECT count(DISTINCT natural_key) FROM energi_records") == expectedRows)
        #expect(try pipeline.count("SELECT count(*) FROM energi_rejects") == 0)

        // The rollup against the files.
        let dk2Prices = try EnergyDomainTests.prices(Self.prices, area: "DK2", timeColumn: "HourUTC", priceColumn: "SpotPriceEUR")
        let stored = try pipeline.daily(area: "DK2")
        #expect(dk2Prices.count > 2_000)
        for (day, want) in dk2Prices {
            let got = try #require(stored[day], "no rollup for DK2 \(day)")
            #expect(got.intervals == want.count, "DK2 \(day)")
            #expect(close(got.average, want.sum / Double(want.count)), "DK2 \(day): \(got.average ?? .nan) vs \(want.sum / Double(want.count))")
            #expect(close(got.minimum, want.minimum) && close(got.maximum, want.maximum), "DK2 \(day)")
        }
        for area in ["DK1", "DK2"] {
            let want = try EnergyDomainTests.production(Self.balance, area: area, columns: try Self.balanceProduction())
            let got = try pipeline.daily(area: area)
            #expect(want.count == 365)
            for (day, expected) in want {
                let row = try #require(got[day], "no rollup for \(area) \(day)")
                #expect(close(row.total, expected.sum, tolerance: 1e-9), "\(area) \(day): \(row.total ?? .nan) vs \(expected.sum)")
                #expect(row.hours == expected.hours.count, "\(area) \(day)")
                #expect(row.dataset == "ElectricityBalanceNonv")
            }
        }
        // Every column of every day against the stored rows.
        #expect(try Self.daysDifferingFromTheirRows(pipeline.connection) == [])
    }

    /// Rows the two files make: a price row per ElspotPrices line, a row per non-empty production column.
    static func expectedRowCount(balanceOnly: Bool = false) throws -> Int {
        let balance = try IngestCSV(contentsOf: TestPaths.recorded(Self.balance))
        let columns = try balanceProduction().map { try balance.column($0) }
        let production = balance.rows.reduce(0) { count, row in count + columns.filter { balance.number(row, $0) != nil }.count }
        if balanceOnly { return production }
        return try IngestCSV(contentsOf: TestPaths.recorded(Self.prices)).rows.count + production
    }

    /// Days whose energi_daily row differs from the stored rows, recomputed
    /// here: time-weighted price, min, max, intervals; the production total,
    /// hours and by-type mix of the one production dataset these files have.
    static func daysDifferingFromTheirRows(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("""
            WITH r AS (
                SELECT ("timestamp" AT TIME ZONE 'Europe/Copenhagen')::date AS day, price_area, spot_price_eur,
                       interval_seconds, production_mwh, production_type, counts_in_totals, "timestamp"
                FROM energi_records),
            p AS (SELECT day, price_area, sum(spot_price_eur * interval_seconds) / sum(interval_seconds) AS avg,
                         min(spot_price_eur) AS mn, max(spot_price_eur) AS mx, count(*) AS n
                  FROM r WHERE spot_price_eur IS NOT NULL GROUP BY 1, 2),
            t AS (SELECT day, price_area, production_type, sum(production_mwh) AS mwh
                  FROM r WHERE production_mwh IS NOT NULL AND counts_in_totals GROUP BY 1, 2, 3),
            q AS (SELECT t.day, t.price_area, sum(t.mwh) AS total, jsonb_object_agg(t.production_type, t.mwh) AS types,
                         (SELECT count(DISTINCT x."timestamp") FROM r x WHERE x.day = t.day AND x.price_area = t.price_area
                            AND x.production_mwh IS NOT NULL AND x.counts_in_totals) AS hours
                  FROM t GROUP BY 1, 2),
            e AS (SELECT coalesce(p.day, q.day) AS day, coalesce(p.price_area, q.price_area) AS price_area,
                         p.avg, p.mn, p.mx, coalesce(p.n, 0) AS n, q.total, q.types, coalesce(q.hours, 0) AS hours
                  FROM p FULL JOIN q ON p.day = q.day AND p.price_area = q.price_area)
            SELECT coalesce(e.day, d.day)::text || ' ' || coalesce(e.price_area, d.price_area)
            FROM e FULL JOIN energi_daily d ON d.day = e.day AND d.price_area = e.price_area
            WHERE e.day IS NULL OR d.day IS NULL
               OR abs(coalesce(d.avg_price_eur, 0) - coalesce(e.avg, 0)) > 1e-9 * greatest(1, abs(coalesce(e.avg, 0)))
               OR d.min_price_eur IS DISTINCT FROM e.mn OR d.max_price_eur IS DISTINCT FROM e.mx
               OR d.price_intervals <> e.n OR d.production_hours <> e.hours
               OR abs(coalesce(d.total_production_mwh, 0) - coalesce(e.total, 0)) > 1e-9 * greatest(1, abs(coalesce(e.total, 0)))
               OR (SELECT count(*) FROM jsonb_each_text(coalesce(d.production_by_type, '{}')) a
                   FULL JOIN jsonb_each_text(coalesce(e.types, '{}')) b USING (key)
                   WHERE a.value IS NULL OR b.value IS NULL
                      OR abs(a.value::float8 - b.value::float8) > 1e-9 * greatest(1, abs(b.value::float8))) > 0
            ORDER BY 1
            """).rows.compactMap { $0[0].string }
    }
}
