import Foundation
import Tabular

/// A batch's rows summed per Danish day and area the way `energi_daily` sums
/// them, gathered while the rows are encoded: counted production per dataset
/// and type, the hours each production dataset covers, and the price sums.
///
/// For a day the store held no rows of before the batch, these sums are the
/// whole day, and `DailyRollup.write` turns them into its rollup row without
/// reading the rows back; other days are recomputed from the stored rows
/// (`DailyRollup.refresh`). Both end in the same SQL, which chooses the
/// production dataset and builds the mix.
struct DailyParts: Sendable {
    struct Production: Hashable, Sendable {
        var day: Day
        var area: String
        var dataset: String
        var type: String
    }

    struct Hour: Hashable, Sendable {
        var day: Day
        var area: String
        var dataset: String
        var hour: Int64
    }

    struct Prices: Sendable {
        /// Σ price × interval seconds, and Σ interval seconds: the time-weighted average's parts.
        var weighted = 0.0
        var seconds = 0.0
        var min = Double.infinity
        var max = -Double.infinity
        var intervals = 0
    }

    /// Counted production (not 125%/200% repeats) in MWh.
    private(set) var production: [Production: Double] = [:]
    /// Hours with counted production, per dataset.
    private(set) var hours = Set<Hour>()
    private(set) var prices: [DailyRollup.AreaDay: Prices] = [:]
    private var lastHour: Hour?

    /// Adds one row that starts at hour `hour` (seconds since 1970 / 3600) of `day`.
    mutating func add(day: Day, hour: Int64, area: String, dataset: String, productionType: String?,
                      productionMWh: Double?, countsInTotals: Bool, priceEUR: Double?, intervalSeconds: Int) {
        if let price = priceEUR {
            prices[DailyRollup.AreaDay(day: day, area: area), default: Prices()].add(price, seconds: intervalSeconds)
        } else if let mwh = productionMWh, countsInTotals, let type = productionType {
            production[Production(day: day, area: area, dataset: dataset, type: type), default: 0] += mwh
            let cell = Hour(day: day, area: area, dataset: dataset, hour: hour)
            // Rows come hour by hour: most repeat the hour before.
            if cell != lastHour {
                hours.insert(cell)
                lastHour = cell
            }
        }
    }

    /// Hours with counted production per (day, area, dataset).
    var hoursPerDataset: [Production: Int] {
        var counts: [Production: Int] = [:]
        for cell in hours {
            counts[Production(day: cell.day, area: cell.area, dataset: cell.dataset, type: ""), default: 0] += 1
        }
        return counts
    }
}

extension DailyParts.Prices {
    mutating func add(_ price: Double, seconds interval: Int) {
        weighted += price * Double(interval)
        seconds += Double(interval)
        min = Swift.min(min, price)
        max = Swift.max(max, price)
        intervals += 1
    }
}
