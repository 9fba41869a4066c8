import Basics
import Foundation
import Tabular

/// Calendar parts of an instant or a day, in the pipeline's time zone, and `bin`.
extension FunctionTable {
    static let calendarFunctions: [FunctionDefinition] = [
        part("hour", summary: "the hour of the day, 0–23", daysToo: false,
             example: "prices area=DK1 since=2024-06-01 until=2024-07-01 | where hour(time) >= 17 and weekday(time) <= 5 | summarize avg(price), count()",
             field: "hour") { _, second in second / 3600 },
        part("weekday", summary: "the day of the week, 1 = Monday … 7 = Sunday", daysToo: true,
             example: "prices area=DK2 since=2024-01-01 until=2025-01-01 | summarize avg(price) by weekday(time)",
             field: "isodow") { days, _ in LocalCalendar.weekday(days: days) },
        FunctionDefinition(
            "day", .row, signature: "day(t)", summary: "the calendar day of an instant (a day stays itself)",
            examples: ["prices area=DK2 since=2024-10-26 until=2024-10-29 | summarize avg(price), count() by day(time)"],
            arity: 1...1,
            typing: { (a) throws(QueryError) in
                try a.temporal(0)
                return .day
            },
            .row(RowImplementation(
                evaluation: .values { call in { values in
                    switch values[0] {
                    case .time(let t): return .day(call.calendar.day(of: t))
                    case .day: return values[0]
                    default: return .null
                    }
                } },
                sql: { call, args, bind in
                    call.arguments[0].type == .day ? args[0]
                        : "((\(args[0])) AT TIME ZONE \(bind(.text(call.zone.sqlName), .text)))::date"
                }))),
        part("month", summary: "the month, 1–12", daysToo: true,
             example: "prices area=DK1 since=2024-01-01 until=2025-01-01 | summarize avg(price) by month(time)",
             field: "month") { days, _ in CivilDate.date(fromDays: days).month },
        part("year", summary: "the calendar year", daysToo: true,
             example: "prices area=DK1,DK2 since=2024-01-01 until=2025-01-01 | summarize avg(price) by area, year(time)",
             field: "year") { days, _ in CivilDate.date(fromDays: days).year },
        part("week", summary: "the ISO 8601 week of the year, 1–53 (weeks start on Monday)", daysToo: true,
             example: "daily area=DK2 since=2024-09-01 until=2024-11-01 | summarize avg(price), sum(production) by week(day)",
             field: "week") { days, _ in LocalCalendar.isoWeek(days: days) },
        FunctionDefinition(
            "bin", .row, signature: "bin(t, period)",
            summary: "the start of the period holding t, in the time zone's calendar: 15m, 1h, … (lengths that divide a day), 1d, 1w, 1mo, 3mo, 1y",
            examples: ["prices area=DK2 since=2024-09-01 until=2024-11-01 | summarize avg(price), min(price), max(price) by bin(time, 1w)"],
            arity: 2...2, periodArgument: 1,
            typing: { (a) throws(QueryError) in
                let t = try a.temporal(0)
                guard case .constant(.text(let text), _) = a.typed[1], let duration = DurationLiteral(text),
                      let period = CalendarPeriod(duration) else {
                    throw a.error(1, "bin() needs a period such as 15m, 1h, 1d, 1w or 1mo",
                                  note: "the periods are " + CalendarPeriod.accepted)
                }
                if t == .day, !period.appliesToDays {
                    throw a.error(1, "a day cannot be cut into \(period) periods", note: "bin a day by 1d, 1w, 1mo, 3mo or 1y")
                }
                return t
            },
            .row(RowImplementation(
                evaluation: .values { call in
                    let period = call.period
                    let origin = CalendarPeriod.origin(in: call.zone)
                    return { values in
                        switch values[0] {
                        case .time(let t): return .time(period.start(of: t, calendar: call.calendar, origin: origin))
                        case .day(let d): return .day(period.start(of: d))
                        default: return .null
                        }
                    }
                },
                sql: { call, args, bind in
                    let period = call.period
                    if call.arguments[0].type == .day {
                        return period == .day ? args[0] : "date_trunc('\(period.truncation)', \(args[0]))::date"
                    }
                    if case .fixed(let seconds) = period {
                        let origin = bind(.double(CalendarPeriod.origin(in: call.zone).timeIntervalSince1970), .double)
                        let size = bind(.double(Double(seconds)), .double)
                        return "to_timestamp(floor((extract(epoch FROM \(args[0]))::double precision - \(origin)) / \(size)) * \(size) + \(origin))"
                    }
                    return "date_trunc('\(period.truncation)', \(args[0]), \(bind(.text(call.zone.sqlName), .text)))"
                }))),
        // The length of a Danish day in hours: what a day's price weighs in an average (ColumnWeight.danishDayHours).
        FunctionDefinition(
            "danish_day_hours", .row, signature: "danish_day_hours(day)", summary: "hours of a Danish day",
            arity: 1...1, hidden: true,
            typing: { _ throws(QueryError) in .double },
            .row(RowImplementation(
                evaluation: .values { _ in
                    var known: [Day: Value] = [:]
                    return { values in
                        guard case .day(let d) = values[0] else { return .null }
                        if let hours = known[d] { return hours }
                        let hours = Value.double(Double(d.hours(in: .copenhagen)))
                        known[d] = hours
                        return hours
                    }
                },
                sql: { _, args, _ in
                    let zone = "'\(MarketTimeZone.identifier)'"
                    return "extract(epoch FROM (((\(args[0])) + 1)::timestamp AT TIME ZONE \(zone)) "
                        + "- ((\(args[0]))::timestamp AT TIME ZONE \(zone))) / 3600"
                }))),
    ]

    /// A calendar part as a whole number: `hour`, `weekday`, `month`, `year`, `week`.
    /// `value` gets the local day (days since 1970-01-01) and the second of that day.
    static func part(_ name: String, summary: String, daysToo: Bool, example: String, field: String,
                     value: @escaping @Sendable (_ days: Int, _ second: Int) -> Int) -> FunctionDefinition {
        FunctionDefinition(
            name, .row, signature: "\(name)(t)", summary: summary + (daysToo ? "" : " (of an instant)"),
            examples: [example], arity: 1...1,
            typing: { (a) throws(QueryError) in
                let t = try a.temporal(0)
                if t == .day, !daysToo {
                    throw a.error(0, "\(name)() needs an instant, but \(a.texts[0]) is a day",
                                  note: "a day has no \(name); use a time column such as time")
                }
                return .int
            },
            .row(RowImplementation(
                evaluation: .values { call in { values in
                    switch values[0] {
                    case .time(let t):
                        let local = call.calendar.local(t)
                        return .int(Int64(value(local.days, local.second)))
                    case .day(let d): return .int(Int64(value(LocalCalendar.days(of: d), 0)))
                    default: return .null
                    }
                } },
                sql: { call, args, bind in
                    let operand = call.arguments[0].type == .day ? args[0]
                        : "(\(args[0])) AT TIME ZONE \(bind(.text(call.zone.sqlName), .text))"
                    return "extract(\(field) FROM \(operand))::bigint"
                })))
    }
}

extension RowCall {
    /// bin's period (checked when the call was typed).
    var period: CalendarPeriod {
        if case .text(let text) = constant(1), let duration = DurationLiteral(text), let period = CalendarPeriod(duration) {
            return period
        }
        return .day
    }
}

extension TimeZone {
    /// The zone's name for PostgreSQL (which knows the IANA names); UTC
    /// stays `UTC` (Foundation calls it GMT).
    public var sqlName: String {
        identifier == "GMT" && secondsFromGMT() == 0 ? "UTC" : identifier
    }
}
