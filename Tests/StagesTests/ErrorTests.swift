import ErrorReporting
import Foundation
import Postgres
import Query
import Stages
import Testing

/// What users see when something is wrong: exact caret text for their
/// mistakes, the server's message for what PostgreSQL rejects, and the
/// right class of error (query → 1, connection → 3).
@Suite struct ErrorTests {
    /// The rendered error of a statement planned without a database.
    func planError(_ text: String) -> String? {
        do {
            _ = try Fixture.plan(text)
            return nil
        } catch let error as ExecutionError {
            #expect(error.code == .query)
            #expect(ErrorReport(error).status == .error)
            return error.rendered()
        } catch let error as QueryError {
            return error.rendered()
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test func unknownColumnInWhere() {
        #expect(planError("daily area=DK1 | where pirce > 5") == """
            error: unknown column 'pirce'
              |
            1 | daily area=DK1 | where pirce > 5
              |                        ^^^^^ did you mean 'price'?
            """)
    }

    @Test func unknownColumnInSelectAndSort() {
        #expect(planError("daily | select day prize") == """
            error: unknown column 'prize'
              |
            1 | daily | select day prize
              |                    ^^^^^ did you mean 'price'?
            """)
        #expect(planError("daily | select day price | sort dya desc") == """
            error: unknown column 'dya'
              |
            1 | daily | select day price | sort dya desc
              |                                 ^^^ did you mean 'day'?
            """)
    }

    @Test func aColumnDroppedBySelectIsUnknownLater() {
        #expect(planError("daily | select day price | where production > 5") == """
            error: unknown column 'production'
              |
            1 | daily | select day price | where production > 5
              |                                  ^^^^^^^^^^
              = note: the columns here are day, price
            """)
    }

    @Test func comparingTextWithANumber() {
        #expect(planError("daily | where area > 5") == """
            error: cannot compare area (text) with 5 (a number)
              |
            1 | daily | where area > 5
              |               ^^^^^^^^ text and a number
              = note: to compare with a number as text, quote it: '5'
            """)
    }

    @Test func conditionsMustBeConditions() {
        #expect(planError("daily | where price") == """
            error: 'where' needs a condition like price > 100, but this is a number
              |
            1 | daily | where price
              |               ^^^^^ a number, not true or false
            """)
        #expect(planError("daily | where price > 5 and area") == """
            error: 'and' needs conditions on both sides, like price > 100; area is text
              |
            1 | daily | where price > 5 and area
              |                             ^^^^
            """)
        #expect(planError("daily | where avg(price) > 5")?.hasPrefix("error: 'where' looks at one row at a time; avg() summarises many rows") == true)
        #expect(planError("daily | where price > DK1,DK2")?.hasPrefix("error: a list of values can only follow '=' or '!='") == true)
        #expect(planError("daily | where day = 2024-09-01T12:00")?.contains("cannot compare day (a day) with 2024-09-01T12:00 (a time)") == true)
    }

    @Test func unknownTimeZone() {
        #expect(planError("daily tz=Europe/Copenhagn") == """
            error: unknown time zone 'Europe/Copenhagn'
              |
            1 | daily tz=Europe/Copenhagn
              |          ^^^^^^^^^^^^^^^^ did you mean 'Europe/Copenhagen'?
            """)
    }

    @Test func argumentsThatCannotWork() {
        #expect(planError("prices since=2024-10-01 until=2024-09-01")?.hasPrefix("error: 'since' must be before 'until'") == true)
        #expect(planError("daily last=-5d")?.hasPrefix("error: 'last' needs a positive duration like 30d or 12h") == true)
        #expect(planError("daily | limit -1")?.hasPrefix("error: limit needs a number of rows, 0 or more") == true)
        #expect(planError("prices by=day,week")?.hasPrefix("error: by= takes one time grain, not day and week") == true)
        #expect(planError("hourly by=area")?.hasPrefix("error: expected one of hour, day, week, month") == true)
        #expect(planError("daily | select day day") == """
            error: column 'day' is selected twice
              |
            1 | daily | select day day
              |                    ^^^ also at 1:16
              = note: name one of them with 'as'
            """)
        #expect(planError("daily | top 3 by=(price > 5)")?.hasPrefix("error: top ranks by a value, not a condition") == true)
        #expect(planError("sql 'delete from energi_records'") == """
            error: sql runs only SELECT queries, not DELETE
              |
            1 | sql 'delete from energi_records'
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = note: the store is read-only here; sql takes SELECT, WITH … SELECT, VALUES or TABLE
            """)
        #expect(planError("sql '  /* sneaky */ drop table energi_records'")?.hasPrefix("error: sql runs only SELECT queries, not DROP") == true)
    }

    @Test func theServersMessageForWhatItRejects() throws {
        let division = try #require(Fixture.error("sql 'select 1/0 as x'"))
        #expect(division.code == .query && ErrorReport(division).status == .error)
        #expect(division.rendered().hasPrefix("error: PostgreSQL rejected the query: division by zero (SQLSTATE 22012)"))

        let missing = try #require(Fixture.error("sql 'select * from nope'"))
        #expect(missing.rendered() == """
            error: PostgreSQL rejected the query: relation "nope" does not exist (SQLSTATE 42P01)
              |
            1 | sql 'select * from nope'
              |                    ^^^^
            """)

        // Writes hidden in a query are refused: by the cursor (data-modifying WITH) or the read-only transaction.
        let with = try #require(Fixture.error("sql 'with gone as (delete from energi_daily returning 1) select * from gone'"))
        #expect(with.code == .query && with.message.contains("data-modifying"))
        let write = try #require(Fixture.error("sql \"select setval('energi_rejects_id_seq', 5)\""))
        #expect(write.code == .query)
        #expect(write.message.contains("read-only transaction"))

        // Two statements in one string are refused by the server's extended protocol.
        let two = try #require(Fixture.error("sql 'select 1; select 2'"))
        #expect(two.code == .query)
    }

    @Test func aServerThatCannotBeReachedIsAConnectionError() throws {
        var configuration = try PostgresConfiguration(url: "postgresql://nobody@127.0.0.1:1/none")
        configuration.connectTimeout = 2
        let context = ExecutionContext(database: LazyDatabase(configuration), output: TextOutput())
        let error = try #require(Fixture.error("daily", context: context))
        #expect(error.code == .connection && ErrorReport(error).status == .unreachable && error.isConnectionError)
        #expect(error.rendered().hasPrefix("error: Could not connect to PostgreSQL at 127.0.0.1:1"))

        let none = try #require(Fixture.error("total", context: ExecutionContext(output: TextOutput())))
        #expect(none.code == .connection && ErrorReport(none).status == .unreachable)
        // Explaining needs no database.
        #expect(Fixture.error("explain daily", context: ExecutionContext(output: TextOutput())) == nil)
    }

    @Test func dotCommandsAndMisplacedStagesInScripts() throws {
        let dot = try #require(Fixture.error("daily; .mode csv"))
        #expect(dot.rendered().hasPrefix("error: '.mode' is a shell command"))
        let sink = try #require(Fixture.error("daily | csv | where price > 1"))
        #expect(sink.rendered().hasPrefix("error: 'csv' is a sink and must end the pipeline"))
    }

    /// Random pipelines from the language's pieces: planning never crashes and
    /// every failure is an ExecutionError that renders with a position.
    @Test func anythingTypedGivesAnErrorNotACrash() throws {
        let sources = ["daily", "prices", "production", "hourly", "total", "raw elspot", "raw balance", "sql 'select 1 as a'"]
        let arguments = ["", "area=DK1", "area=dk1,DK2", "by=day", "by=type", "by=week,area", "by=month", "last=7d",
                         "last=0s", "since=2024-02-30", "since=2024-09-01T25:00", "until=2024-01-01", "tz=UTC",
                         "tz=Mars/Base", "price>5", "area!=DK2", "nope=1", "limit=0", "dataset=balance", "type=Solar"]
        let transforms = ["where price > 5", "where area = DK1,DK2", "where price / 0 > 1", "where -price < -1",
                          "where time > 2024-01-01", "where day >= 2024-01-01", "where not price", "where (price",
                          "select day", "select area price", "select nope", "sort price desc", "sort day", "sort x",
                          "limit 3", "limit 0", "top 2 by=price", "top 2 by=(price * 2)", "top 1 by=area",
                          "where production > price * 100", "where area = 'DK1'", "where 1 = 1", "where 9223372036854775807 + 1 > 0"]
        let sinks = ["", "| table", "| csv", "| json", "| markdown", "| table width=5"]
        var generator = SystemRandomNumberGenerator()
        var failures = 0
        var ran = 0
        let context = try Fixture.context()
        for _ in 0..<400 {
            var text = sources.randomElement(using: &generator)! + " " + arguments.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                text += " | " + transforms.randomElement(using: &generator)!
            }
            text += " " + sinks.randomElement(using: &generator)!
            do {
                _ = try Fixture.plan(text)
                // Some of those that plan also run, pushed down or in memory: errors, never a crash.
                if ran < 25, text.contains("area=") || text.contains("limit") || text.contains("top") {
                    ran += 1
                    var run = context.forRun()
                    run.output = TextOutput()
                    run.pushDown = Bool.random(using: &generator)
                    if let error = Fixture.error(text, context: run) {
                        #expect(error.code == .query, "\(text): \(error)")
                    }
                }
            } catch let error as ExecutionError {
                failures += 1
                #expect(error.code == .query, "\(text): \(error)")
                #expect(error.query?.source != nil, "\(text): no position in \(error)")
                #expect(!error.rendered().isEmpty)
            } catch let error as QueryError {
                failures += 1
                #expect(error.source != nil, "\(text): no position in \(error)")
            }
        }
        #expect(failures > 0)
    }
}
