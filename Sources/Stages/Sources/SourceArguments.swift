import Basics
import Foundation
import Query
import Tabular

/// The common source arguments of one call, checked and converted.
struct SourceArguments {
    /// Upper-cased area codes; empty means all.
    var areas: [String] = []
    var since: Date?
    var until: Date?
    /// `since`/`until` as Danish days, for sources built on the daily rollup:
    /// the day `since` falls in, and the first day wholly after `until`'s instant.
    var sinceDay: Day?
    var untilDay: Day?
    var last: DurationLiteral?
    var by: [String] = []
    var timeZone: TimeZone

    init(_ stage: BoundStage, context: ExecutionContext) throws(QueryError) {
        timeZone = context.timeZone
        areas = stage.strings("area").map { $0.uppercased() }
        if let literal = stage.dateTime("since") {
            let instant = try Self.instant(literal, stage: stage, argument: "since", in: timeZone)
            since = instant
            sinceDay = Day(containing: instant, in: .copenhagen)
        }
        if let literal = stage.dateTime("until") {
            let instant = try Self.instant(literal, stage: stage, argument: "until", in: timeZone)
            until = instant
            let containing = Day(containing: instant, in: .copenhagen)
            untilDay = containing.start(in: .copenhagen) == instant ? containing : containing.next
        }
        if let since, let until, since >= until {
            throw QueryError(.other, "'since' must be before 'until'", at: stage.range(of: "since"),
                             note: "until is exclusive: since=2024-09-01 until=2024-09-02 is one day")
        }
        if let duration = stage.duration("last") {
            guard duration.seconds > 0 else {
                throw QueryError(.wrongType, "'last' needs a positive duration like 30d or 12h",
                                 at: stage.range(of: "last"))
            }
            last = duration
        }
        by = stage.strings("by")
        var seen = Set<String>()
        for word in by where !seen.insert(word).inserted {
            throw QueryError(.duplicateArgument, "'\(word)' appears twice in by=", at: stage.range(of: "by"))
        }
        let grains = by.filter { TimeGrain(rawValue: $0) != nil }
        if grains.count > 1 {
            throw QueryError(.other, "by= takes one time grain, not \(grains.joined(separator: " and "))",
                             at: stage.range(of: "by"), note: "e.g. by=day or by=day,area")
        }
    }

    /// The time grain in `by`, if any.
    var grain: TimeGrain? { by.lazy.compactMap(TimeGrain.init(rawValue:)).first }

    /// Whether `by` was given (the rows are grouped).
    var isGrouped: Bool { !by.isEmpty }

    static func instant(_ literal: DateTimeLiteral, stage: BoundStage, argument: String,
                        in timeZone: TimeZone) throws(QueryError) -> Date {
        guard let instant = literal.date(in: timeZone) else {
            throw QueryError(.invalidDate, "'\(literal.text)' is not a time that exists", at: stage.range(of: argument))
        }
        return instant
    }

    /// `last=` as a PostgreSQL interval: `30 days`, `1 hours 30 minutes`.
    static func interval(_ duration: DurationLiteral) -> String {
        duration.parts.map { part in
            let unit: String
            switch part.unit {
            case .second: unit = "seconds"
            case .minute: unit = "minutes"
            case .hour: unit = "hours"
            case .day: unit = "days"
            case .week: unit = "weeks"
            case .month: unit = "months"
            case .year: unit = "years"
            }
            return "\(part.amount) \(unit)"
        }.joined(separator: " ")
    }

    /// `last=` in whole days, rounded up (for day-based sources).
    static func days(_ duration: DurationLiteral) -> Int64 {
        (duration.seconds + 86_399) / 86_400
    }
}
