import Basics
import Foundation

/// The daily rollup's rules, defined once for every place that adds up a
/// day: the rollup itself (`DailyRollup`'s SQL and `DailyParts` in Swift),
/// the query sources that read raw rows next to it, and the live windows of
/// a Kafka tail.
///
/// - A day is a Danish calendar day (`zone`): 23, 24 or 25 hours.
/// - Prices are time-weighted: each interval counts its length in seconds
///   (hourly and 15-minute prices in one series).
/// - Production counts only rows that count in totals (not
///   DeclarationProduction's 125%/200% repeats, not superseded versions).
/// - When several production datasets cover one day and area, adding them
///   would count the same energy twice: the one with the most hours is
///   taken, ties going to the datasets in `productionPreference` order, then
///   by name.
public enum DailyRules {
    /// The market's time zone, whose calendar days are the rollup's days
    /// (`MarketTimeZone`: its name in SQL, the zone in Swift).
    public static let zoneName = MarketTimeZone.identifier
    public static var zone: TimeZone { .copenhagen }

    /// Production datasets preferred, in this order, when two cover a day with as many hours.
    public static let productionPreference = ["ProductionConsumptionSettlement", "DeclarationProduction"]

    /// The production dataset a day shows, from each candidate's hours.
    public static func chosenDataset(_ hours: [String: Int]) -> String? {
        hours.min { a, b in
            if a.value != b.value { return a.value > b.value }
            if rank(a.key) != rank(b.key) { return rank(a.key) < rank(b.key) }
            return a.key < b.key
        }?.key
    }

    static func rank(_ dataset: String) -> Int {
        productionPreference.firstIndex(of: dataset) ?? productionPreference.count
    }

    // MARK: The same rules in SQL

    /// The Danish day (a `date`) of a `timestamptz` expression.
    public static func danishDaySQL(_ instant: String) -> String {
        "(\(instant) AT TIME ZONE '\(zoneName)')::date"
    }

    /// The instant a Danish day (a `date` expression) starts.
    public static func dayStartSQL(_ day: String) -> String {
        "\(day)::timestamp AT TIME ZONE '\(zoneName)'"
    }

    /// The length in hours (23, 24 or 25) of a Danish day (a `date` expression).
    public static func dayHoursSQL(_ day: String) -> String {
        "extract(epoch FROM ((\(day) + 1)::timestamp AT TIME ZONE '\(zoneName)') - (\(day)::timestamp AT TIME ZONE '\(zoneName)')) / 3600"
    }

    /// The time-weighted average of `price` over rows lasting `seconds` each.
    public static func timeWeightedSQL(price: String, seconds: String) -> String {
        "sum(\(price) * \(seconds)) / nullif(sum(\(seconds)), 0)"
    }

    /// An ORDER BY that puts the chosen production dataset first (after the keys it ranks within).
    public static func chosenDatasetOrderSQL(hours: String, dataset: String) -> String {
        let ranks = productionPreference.enumerated().map { "WHEN '\($0.element)' THEN \($0.offset)" }.joined(separator: " ")
        return "\(hours) DESC, CASE \(dataset) \(ranks) ELSE \(productionPreference.count) END, \(dataset)"
    }
}
