import Foundation
import Query
import Stages
import Testing

/// The new stages and functions: input → the exact error users see, caret
/// and all (planning only: no rows are read).
@Suite struct LanguageErrorTests {
    func error(_ pipeline: String) -> String {
        do {
            _ = try Fixture.plan(pipeline)
            return "no error"
        } catch let error as ExecutionError {
            return error.rendered()
        } catch {
            return "\(error)"
        }
    }

    @Test func unknownFunctionSuggestsTheNearestOne() {
        #expect(error("prices area=DK2 | where agv(price) > 3") == """
            error: unknown function 'agv'
              |
            1 | prices area=DK2 | where agv(price) > 3
              |                         ^^^ did you mean 'avg'?
              = note: the functions are abs, round, coalesce, if, hour, weekday, day, month, year, week, bin, count, sum, avg, min, max, median, p, stddev, corr
            """)
        #expect(error("daily | extend x = roud(price, 1)").contains("^^^^ did you mean 'round'?"))
    }

    @Test func aggregatesOfTheWrongKindOrInTheWrongPlace() {
        #expect(error("hourly area=DK2 | summarize corr(price, area)") == """
            error: corr() needs a number, but area is text
              |
            1 | hourly area=DK2 | summarize corr(price, area)
              |                                         ^^^^
              = note: e.g. corr(x, y)
            """)
        #expect(error("prices area=DK2 | where price > avg(price)") == """
            error: 'where' looks at one row at a time; avg() summarises many rows
              |
            1 | prices area=DK2 | where price > avg(price)
              |                                 ^^^^^^^^^^
              = note: aggregates belong in summarize (summarize avg(…) by area) or in a rules file (decide)
            """)
        #expect(error("daily | summarize price by area") == """
            error: 'price' is not summarised: summarize gives one row per group
              |
            1 | daily | summarize price by area
              |                   ^^^^^
              = note: use an aggregate such as avg(price) or max(price), or group by it: … by price
            """)
        #expect(error("daily | summarize avg(avg(price))") == """
            error: statistics cannot be nested
              |
            1 | daily | summarize avg(avg(price))
              |                       ^^^^^^^^^^ inside 'avg'
              = note: an aggregate summarises a column (or an expression) of each row, e.g. avg(price * production)
            """)
        #expect(error("daily | summarize p(150, price)").hasPrefix("error: the percentile must be a number from 0 to 100, written as such"))
        #expect(error("daily | summarize count(), min(day) by area, area").contains("error: two columns are named 'area'"))
        #expect(error("daily | extend x = avg(price)").hasPrefix("error: 'extend' looks at one row at a time; avg() summarises many rows"))
    }

    @Test func calendarFunctions() {
        #expect(error("daily area=DK2 | where hour(day) > 3") == """
            error: hour() needs an instant, but day is a day
              |
            1 | daily area=DK2 | where hour(day) > 3
              |                             ^^^
              = note: a day has no hour; use a time column such as time
            """)
        #expect(error("prices | summarize avg(price) by bin(time, 5d)") == """
            error: bin() needs a period such as 15m, 1h, 1d, 1w or 1mo
              |
            1 | prices | summarize avg(price) by bin(time, 5d)
              |                                            ^^
              = note: the periods are 15m, 30m, 1h, 2h, 3h, 6h, 12h (any length that divides a day), 1d, 1w, 1mo, 3mo or 1y
            """)
        #expect(error("daily | summarize count() by bin(day, 1h)").hasPrefix("error: a day cannot be cut into 1h periods"))
        #expect(error("prices | where month(area) = 1").hasPrefix("error: month() needs a time or a day, but area is text"))
        #expect(error("daily | extend x = round(price, price)").hasPrefix("error: round's digits must be a number from -15 to 15, written as such"))
        #expect(error("daily | where time > 1mo").hasPrefix("error: unknown column 'time'"))
        #expect(error("prices | where time > 1mo").hasPrefix("error: 1mo has no fixed length in seconds"))
    }

    @Test func stageShapes() {
        #expect(error("daily | extend = 3") == """
            error: expected a name for the new column, found '='
              |
            1 | daily | extend = 3
              |                ^
              = note: write extend NAME = EXPRESSION, e.g. extend margin = max_price - min_price
            """)
        #expect(error("daily | select day, price as") == """
            error: expected a name after 'as'
              |
            1 | daily | select day, price as
              |                           ^^
              = note: e.g. avg(price) as price
            """)
        #expect(error("daily | join daily on day") == """
            error: expected '(' and a pipeline after 'join'
              |
            1 | daily | join daily on day
              |              ^^^^^
              = note: e.g. join (daily area=DK2) on day
            """)
        #expect(error("daily | join (daily | table) on day") == """
            error: the pipeline in parentheses gives rows to 'join'; it cannot end in 'table'
              |
            1 | daily | join (daily | table) on day
              |                       ^^^^^
              = note: leave the sink out
            """)
        #expect(error("daily | join (prices) on day").hasPrefix("error: the pipeline in parentheses has no column 'day' to join on"))
        #expect(error("daily | join (hourly) on area, area").hasPrefix("error: 'area' is given twice in on="))
        #expect(error("prices | join (daily) on area kind=lef").contains("did you mean 'left'?"))
        #expect(error("daily | pivot zone price").hasPrefix("error: unknown column 'zone'"))
        #expect(error("daily | pivot area area").hasPrefix("error: pivot needs two different columns"))
        #expect(error("daily | summarize count() by").hasPrefix("error: expected a column or expression to group by after 'by'"))
    }

    @Test func limitsNameTheLimit() {
        let deep = "daily | where " + String(repeating: "(", count: 900) + "price > 1" + String(repeating: ")", count: 900)
        #expect(error(deep).hasPrefix("error: the expression nests more than 64 levels deep"))
        #expect(error(deep).contains("limit of 64 nested parentheses, not, minus or calls"))
        let chain = "daily | where " + (0..<300).map { _ in "price" }.joined(separator: " + ") + " > 1"
        #expect(error(chain).hasPrefix("error: the expression is more than 256 levels deep"))
        #expect(error("daily | chart height=9223372036854775807").hasPrefix("error: 'height' must be from 6 to 500"))
        #expect(error("daily | bar width=9223372036854775807").hasPrefix("error: 'width' must be from 20 to 1000"))
        #expect(error("daily | chart width=2147483648").hasPrefix("error: 'width' must be from 20 to 1000"))
        #expect(error("daily | chart width=100000000").hasPrefix("error: 'width' must be from 20 to 1000"))
        #expect(error("daily | bar width=2147483648").hasPrefix("error: 'width' must be from 20 to 1000"))
        #expect(error("daily last=1000000d").hasPrefix("error: 'last' must be at most 36500d"))
        #expect(error("daily last=1mo").hasPrefix("error: 'last' needs a length in s, m, h, d or w; 1mo has no fixed length"))
        #expect(error("daily | limit 10000000000000").hasPrefix("error: 'n' must be at most 1000000000000"))
        let list = "daily area=" + (0..<1001).map { "A\($0)" }.joined(separator: ",")
        #expect(error(list).hasPrefix("error: a list has at most 1000 values"))
    }
}
