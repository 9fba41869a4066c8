import Basics
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
///
/// This runs for every row, so it avoids hashing: rows come hour by hour with
/// the types of an hour in the same order each time, so a row is summed into
/// the slot after the previous row's, found by comparing one type name.
struct DailyParts: Sendable {
    /// Production of one dataset in one day and area.
    struct Production: Sendable {
        var day: Day
        var area: String
        var dataset: String
        var types: [String] = []
        /// Counted MWh per type, in the order of `types`.
        var mwh: [Double] = []
        /// Hours (seconds since 1970 / 3600) with counted production.
        var hours = Set<Int64>()
        var lastHour: Int64?
    }

    struct Prices: Sendable {
        /// Σ price × interval seconds, and Σ interval seconds: the time-weighted average's parts.
        var weighted = 0.0
        var seconds = 0.0
        var min = Double.infinity
        var max = -Double.infinity
        var intervals = 0
    }

    private struct GroupKey: Hashable {
        var day: Day
        var area: String
        var dataset: String
    }

    private(set) var production: [Production] = []
    private var productionIndex: [GroupKey: Int] = [:]
    private var current = -1
    private var cursor = 0
    private(set) var prices: [DailyRollup.AreaDay: Prices] = [:]

    /// Adds one row that starts in hour `hour` (seconds since 1970 / 3600) of `day`.
    mutating func add(day: Day, hour: Int64, area: String, dataset: String, productionType: String?,
                      productionMWh: Double?, countsInTotals: Bool, priceEUR: Double?, intervalSeconds: Int) {
        if let price = priceEUR {
            prices[DailyRollup.AreaDay(day: day, area: area), default: Prices()].add(price, seconds: intervalSeconds)
        } else if let mwh = productionMWh, countsInTotals, let type = productionType {
            if current < 0 || production[current].day != day || production[current].area != area
                || production[current].dataset != dataset {
                current = group(day: day, area: area, dataset: dataset)
                cursor = 0
            }
            production[current].add(type, mwh, hour: hour, at: &cursor)
        }
    }

    /// The index of the (day, area, dataset) group, made when new.
    private mutating func group(day: Day, area: String, dataset: String) -> Int {
        let key = GroupKey(day: day, area: area, dataset: dataset)
        if let index = productionIndex[key] { return index }
        production.append(Production(day: day, area: area, dataset: dataset))
        productionIndex[key] = production.count - 1
        return production.count - 1
    }
}

extension DailyParts.Production {
    /// Sums `mwh` into `type`'s slot, trying the slot at `cursor` first; leaves
    /// `cursor` at the slot after it.
    mutating func add(_ type: String, _ value: Double, hour: Int64, at cursor: inout Int) {
        let slot: Int
        if cursor < types.count, types[cursor] == type {
            slot = cursor
        } else if let found = types.firstIndex(of: type) {
            slot = found
        } else {
            types.append(type)
            mwh.append(0)
            slot = types.count - 1
        }
        mwh[slot] += value
        cursor = slot + 1 == types.count ? 0 : slot + 1
        if hour != lastHour {
            hours.insert(hour)
            lastHour = hour
        }
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
