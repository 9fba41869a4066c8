import Foundation
import Tabular

/// A time bucket for `by=`: the column it makes and its SQL.
enum TimeGrain: String, CaseIterable {
    case hour, day, week, month

    /// hour → `time` (the hour's start), day → `day`, week → `week` (its Monday), month → `month` (its first day).
    var column: Column {
        switch self {
        case .hour: return Column("time", .time)
        case .day: return Column("day", .day)
        case .week: return Column("week", .day)
        case .month: return Column("month", .day)
        }
    }

    /// The bucket of the timestamptz expression `time` in the zone `$tz`.
    func sql(_ time: String, zone tz: String) -> String {
        switch self {
        case .hour: return "date_trunc('hour', \(time), \(tz))"
        case .day: return "(\(time) AT TIME ZONE \(tz))::date"
        case .week: return "date_trunc('week', \(time) AT TIME ZONE \(tz))::date"
        case .month: return "date_trunc('month', \(time) AT TIME ZONE \(tz))::date"
        }
    }

    /// The bucket of a `day` column (for daily-rollup sources).
    func sql(day: String) -> String {
        switch self {
        case .hour, .day: return day
        case .week: return "date_trunc('week', \(day))::date"
        case .month: return "date_trunc('month', \(day))::date"
        }
    }
}
