import Basics
import Foundation
import Query
import Tabular

/// The arguments every store source shares, declared once.
enum CommonArguments {
    static let area = ArgumentSpec(
        "area", .list(.word),
        help: "price area or areas, e.g. DK1 or DK1,DK2 (default: all); case does not matter")
    static let since = ArgumentSpec(
        "since", .dateTime,
        help: "from this date or time on (inclusive), read in tz, e.g. 2024-09-01 or 2024-09-01T12:00")
    static let until = ArgumentSpec(
        "until", .dateTime,
        help: "up to this date or time (exclusive), read in tz")
    static let last = ArgumentSpec(
        "last", .duration, bounds: Int64.min...3_153_600_000,
        help: "only this long back from the newest data of the source (not from now), e.g. 30d or 12h")
    static let tz = ArgumentSpec(
        "tz", .word,
        help: "time zone for dates, day/week/month buckets and shown times (default: the session's, \(MarketTimeZone.identifier))")

    static func by(_ choices: [String], help: String) -> ArgumentSpec {
        ArgumentSpec("by", .list(.choice(choices)), help: help)
    }
}
