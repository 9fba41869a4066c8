import Basics
import Foundation
import Tabular
import Testing
@testable import Query

/// Every function of the table in memory, against values worked out by hand
/// (calendar parts across the daylight-saving changes of Copenhagen), and
/// the SQL each is written as.
@Suite struct FunctionTableTests {
    static let schema = Schema([Column("time", .time), Column("day", .day), Column("price", .double, unit: "EUR/MWh"),
                                Column("n", .int), Column("area", .text), Column("minutes", .int)])

    /// `expression` checked against the schema and run on `row`.
    func value(_ expression: String, _ row: [Value] = FunctionTableTests.row(), zone: TimeZone = .copenhagen) throws -> Value {
        let source = SourceText(expression)
        let parsed = try ExpressionParser.parse(try Lexer.tokenize(source, mode: .expression), in: source)
        let typed = try ExpressionChecker(schema: Self.schema, timeZone: zone, source: source, stage: "test").check(parsed)
        return try typed.evaluate(row, schema: Self.schema)
    }

    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    static func row(time: String = "2024-10-27T01:30:00Z", day: Day = Day(year: 2024, month: 10, day: 27),
                    price: Value = .double(-2.675), n: Value = .int(7)) -> [Value] {
        [.time(utc(time)), .day(day), price, n, .text("DK1"), .int(60)]
    }

    @Test func rowFunctions() throws {
        #expect(try value("abs(price)") == .double(2.675))
        #expect(try value("abs(n - 10)") == .int(3))
        // Halves away from zero, in decimal (as PostgreSQL's numeric): 2.675 is 2.68, not 2.67.
        #expect(try value("round(price, 2)") == .double(-2.68))
        #expect(try value("round(price)") == .double(-3))
        #expect(try value("round(2.5)") == .double(3) && (try value("round(-0.5)")) == .double(-1))
        #expect(try value("round(n * 123, -2)") == .int(900))
        #expect(try value("coalesce(price / 0, n, 1)") == .double(7))
        #expect(try value("if(price < 0, 'paid', 'pays')") == .text("paid"))
        // The branch not taken is not computed (an overflow there is no error).
        #expect(try value("if(n > 0, 1, 9223372036854775807 * n)") == .int(1))
        #expect(try value("if(price / 0 > 1, 1, 2)") == .int(2), "unknown counts as false")
    }

    @Test func calendarPartsInTheZone() throws {
        // 01:30 UTC on 2024-10-27 is 02:30 CET, the second 02:00 hour of the fall-back day.
        #expect(try value("hour(time)") == .int(2))
        #expect(try value("hour(time)", zone: .utc) == .int(1))
        #expect(try value("weekday(time)") == .int(7), "a Sunday")
        #expect(try value("day(time)") == .day(Day(year: 2024, month: 10, day: 27)))
        #expect(try value("month(time)") == .int(10) && (try value("year(time)")) == .int(2024))
        #expect(try value("week(time)") == .int(43))
        // 23:30 UTC on 2024-12-31 is already 2025 in Copenhagen, ISO week 1.
        let newYear = Self.row(time: "2024-12-31T23:30:00Z", day: Day(year: 2024, month: 12, day: 29))
        #expect(try value("year(time)", newYear) == .int(2025) && (try value("week(time)", newYear)) == .int(1))
        #expect(try value("week(day)", newYear) == .int(52), "2024-12-29 is a Sunday of week 52")
        #expect(try value("weekday(day)", newYear) == .int(7))
    }

    @Test func binsFollowTheCalendar() throws {
        func instant(_ v: Value) -> String { if case .time(let t) = v { return ISO8601DateFormatter().string(from: t) }; return "\(v)" }
        // The fall-back day has 25 hours: its 1d bin starts at 22:00 UTC the day before.
        #expect(instant(try value("bin(time, 1d)")) == "2024-10-26T22:00:00Z")
        #expect(instant(try value("bin(time, 1h)")) == "2024-10-27T01:00:00Z")
        #expect(instant(try value("bin(time, 15m)")) == "2024-10-27T01:30:00Z")
        #expect(instant(try value("bin(time, 1w)")) == "2024-10-20T22:00:00Z", "Monday 2024-10-21 00:00 CEST")
        #expect(instant(try value("bin(time, 1mo)")) == "2024-09-30T22:00:00Z")
        #expect(instant(try value("bin(time, 3mo)")) == "2024-09-30T22:00:00Z")
        #expect(instant(try value("bin(time, 1y)")) == "2023-12-31T23:00:00Z")
        #expect(try value("bin(day, 1mo)") == .day(Day(year: 2024, month: 10, day: 1)))
        #expect(try value("bin(day, 1w)") == .day(Day(year: 2024, month: 10, day: 21)))
    }

    @Test func aggregatesOverAGroup() throws {
        let source = SourceText("x")
        func aggregate(_ text: String, _ rows: [[Value]]) throws -> Value {
            let source = SourceText(text)
            let parsed = try ExpressionParser.parse(try Lexer.tokenize(source, mode: .expression), in: source)
            var schema = Self.schema
            schema.columns[2].weight = .column("minutes")
            let checker = ExpressionChecker(schema: schema, timeZone: .copenhagen, source: source, stage: "summarize",
                                            aggregates: .grouped)
            let typed = try checker.check(parsed)
            let values = try AggregateEvaluator(checker.aggregates, schema: schema).values(over: rows, indices: Array(rows.indices))
            return try typed.compileWithAggregates(for: schema)([], values)
        }
        _ = source
        // An hour at 40 and four quarter hours at 80: time-weighted 60, plain mean 72.
        var rows: [[Value]] = [Self.row(price: .double(40))]
        for _ in 0..<4 {
            var r = Self.row(price: .double(80))
            r[5] = .int(15)
            rows.append(r)
        }
        #expect(try aggregate("avg(price)", rows) == .double(60))
        #expect(try aggregate("avg(price * 1)", rows) == .double(72), "only a weighted column is weighted")
        #expect(try aggregate("count()", rows) == .int(5) && (try aggregate("sum(n)", rows)) == .int(35))
        #expect(try aggregate("median(price)", rows) == .double(80) && (try aggregate("p(0, price)", rows)) == .double(40))
        #expect(try aggregate("max(price) - min(price)", rows) == .double(40))
        #expect(try aggregate("stddev(price)", rows) == .double(16))
        #expect(try aggregate("min(area)", rows) == .text("DK1"))
        // corr: perfectly opposite.
        let pairs: [[Value]] = (0..<5).map { i in
            var r = Self.row(price: .double(Double(i)), n: .int(Int64(10 - i)))
            r[5] = .int(60)
            return r
        }
        #expect(try aggregate("corr(price, n)", pairs) == .double(-1))
        #expect(try aggregate("sum(price)", []) == .double(0) && (try aggregate("avg(price)", [])) == .null)
    }

    @Test func sqlOfTheFunctions() throws {
        func sql(_ text: String) throws -> String {
            let source = SourceText(text)
            let parsed = try ExpressionParser.parse(try Lexer.tokenize(source, mode: .expression), in: source)
            let typed = try ExpressionChecker(schema: Self.schema, timeZone: .copenhagen, source: source, stage: "test").check(parsed)
            var parameters: [Value] = []
            return SQLWriter().sql(typed) { value, _ in
                parameters.append(value)
                return "$\(parameters.count)"
            }
        }
        #expect(try sql("hour(time)") == #"extract(hour FROM ("time") AT TIME ZONE $1)::bigint"#)
        #expect(try sql("weekday(day)") == #"extract(isodow FROM "day")::bigint"#)
        #expect(try sql("bin(time, 1mo)") == #"date_trunc('month', "time", $1)"#)
        #expect(try sql("bin(time, 15m)") == #"to_timestamp(floor((extract(epoch FROM "time")::double precision - $1) / $2) * $2 + $1)"#)
        #expect(try sql("round(price, 1)") == #"round(("price")::numeric, 1)::double precision"#)
        #expect(try sql("if(price > 1, 'a', area)") == #"CASE WHEN "price" > $1 THEN ($2) ELSE ("area") END"#)
    }

    @Test func variablesFillInValues() throws {
        var environment = Environment()
        environment.define("year", ValueSyntax(.integer(2023), range: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), text: "2023"))
        let source = SourceText("daily since=$year-01-01 until=$year-12-31T12:00")
        let script = try Parser.parse(source)
        guard case .pipeline(let pipeline) = script.statements[0], case .named(let since) = pipeline.stages[0].arguments[0],
              case .named(let until) = pipeline.stages[0].arguments[1] else { throw TestFailure("no arguments") }
        #expect(try environment.resolve(since.value, in: source).kind == .date(Day(year: 2023, month: 1, day: 1)))
        guard case .dateTime(let t) = try environment.resolve(until.value, in: source).kind else { throw TestFailure("not a time") }
        #expect(t.day == Day(year: 2023, month: 12, day: 31) && t.hour == 12)
        // A template that does not read as a value says what it read.
        let bad = SourceText("daily since=$year-13-01")
        guard case .pipeline(let p) = try Parser.parse(bad).statements[0], case .named(let n) = p.stages[0].arguments[0] else {
            throw TestFailure("no argument")
        }
        let error = #expect(throws: QueryError.self) { try environment.resolve(n.value, in: bad) }
        #expect(error?.message == "$year-13-01 reads '2023-13-01', which is not a value")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
