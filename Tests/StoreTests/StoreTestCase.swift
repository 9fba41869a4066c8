import Basics
import Foundation
import Postgres
import Store
import TestSupport

/// A fresh, migrated database per test.
func migratedStore(_ name: String = #function) throws -> PostgresConnection {
    let connection = try PostgresConnection(try TestDatabase.fresh(prefix: "store_\(name)"))
    try Migrator.migrate(connection)
    return connection
}

/// `2024-10-27T01:00:00Z` → Date.
func utc(_ text: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: text)!
}

func priceRow(_ time: String, _ area: String, _ eur: Double, interval: Int = 3600, dataset: String = "ElspotPrices") -> StoreRow {
    StoreRow(naturalKey: "\(dataset)|\(time)|\(area)", time: utc(time), area: area, dataset: dataset,
             intervalSeconds: interval, priceEUR: eur, payload: Array(#"{"SpotPriceEUR":\#(eur)}"#.utf8),
             source: dataset == "ElspotPrices" ? "elspot_topic" : "dayahead_topic")
}

func productionRow(_ time: String, _ area: String, _ type: String, _ mwh: Double,
                   dataset: String = "ElectricityBalanceNonv", counts: Bool = true, keySuffix: String = "") -> StoreRow {
    StoreRow(naturalKey: "\(dataset)|\(time)|\(area)|\(type)\(keySuffix)", time: utc(time), area: area, dataset: dataset,
             intervalSeconds: 3600, productionMWh: mwh, productionType: type, countsInTotals: counts,
             payload: Array(#"{"\#(type)":\#(mwh)}"#.utf8), source: "balance_topic")
}
