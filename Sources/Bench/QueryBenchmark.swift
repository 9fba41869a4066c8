import Foundation
import Postgres
import Stages
import Store

/// `daily area=DK1,DK2` (the rollup) against the same figures by GROUP BY over
/// the raw rows, on a store with at least a million raw production rows.
/// Loads synthetic but realistically shaped rows (hourly prices and ten
/// production types per hour and area, like ElectricityBalanceNonv) straight
/// through the store's batch writer, which maintains the rollup as ingestion does.
struct QueryBenchmark {
    var databaseURL: String
    var productionRows: Int

    static let types = ["Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower",
                        "OtherRenewable", "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower"]
    static let areas = ["DK1", "DK2"]

    func run() throws {
        let base = try PostgresConfiguration(url: databaseURL, origin: "BENCH_DATABASE_URL")
        let scratch = try ScratchDatabase(on: base, named: "energiflow_bench_query_\(getpid())")
        defer { scratch.drop() }
        let connection = try scratch.openMigrated()

        let hours = (productionRows + Self.types.count * Self.areas.count - 1) / (Self.types.count * Self.areas.count)
        BenchOutput.note("query: loading \(hours) hours × \(Self.areas.count) areas × \(Self.types.count) production types, and hourly prices, through the batch writer")
        let loadStart = Date()
        let writer = RecordWriter(connection: connection)
        let start = Date(timeIntervalSince1970: 1_483_225_200)  // 2016-12-31T23:00Z, a Danish midnight
        var batch: [StoreRow] = []
        var stored = 0
        for hour in 0..<hours {
            let time = start.addingTimeInterval(Double(hour) * 3600)
            let stamp = Int64(time.timeIntervalSince1970)
            for (a, area) in Self.areas.enumerated() {
                let wave = sin(Double(hour) / 24 * 2 * .pi)
                batch.append(StoreRow(naturalKey: "ElspotPrices|\(stamp)|\(area)", time: time, area: area, dataset: "ElspotPrices",
                                      intervalSeconds: 3600, priceEUR: 60 + 40 * wave + Double(a) * 3,
                                      payload: Array(#"{"SpotPriceEUR":1}"#.utf8), source: "elspot_topic"))
                for (t, type) in Self.types.enumerated() {
                    batch.append(StoreRow(naturalKey: "ElectricityBalanceNonv|\(stamp)|\(area)|\(type)", time: time, area: area,
                                          dataset: "ElectricityBalanceNonv", intervalSeconds: 3600,
                                          productionMWh: Double((hour * 7 + t * 13 + a * 5) % 500), productionType: type,
                                          payload: Array(#"{"x":1}"#.utf8), source: "balance_topic"))
                }
            }
            if batch.count >= 50_000 {
                stored += try writer.write(batch).inserted
                batch.removeAll(keepingCapacity: true)
            }
        }
        stored += try writer.write(batch).inserted
        try connection.executeScript("VACUUM ANALYZE energi_records")
        try connection.executeScript("VACUUM ANALYZE energi_daily")
        let production = try connection.query("SELECT count(*) FROM energi_records WHERE production_mwh IS NOT NULL").scalar?.int ?? 0
        BenchOutput.figure("query.raw_production_rows", Double(production), "rows")
        BenchOutput.figure("query.load_seconds", Date().timeIntervalSince(loadStart), "s", decimals: 1)

        let result = try StoreBenchmark.dailyVersusRaw(connection: connection, areas: Self.areas, repetitions: 5)
        BenchOutput.figure("query.daily_ms", result.dailySeconds * 1000, "ms", decimals: 2)
        BenchOutput.figure("query.raw_group_by_ms", result.rawSeconds * 1000, "ms", decimals: 1)
        BenchOutput.figure("query.daily_speedup", result.speedup, "x", decimals: 0)
        BenchOutput.figure("query.days_areas", Double(result.rows), "rows")
        BenchOutput.line("query.same_numbers: \(result.same ? "yes" : "NO") (max relative difference \(result.maxRelativeDifference))")
        _ = stored
    }
}
