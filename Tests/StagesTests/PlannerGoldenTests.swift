import Foundation
import Postgres
import Query
import Stages
import Testing

/// Pipeline → the exact SQL and parameters the planner makes (no database).
/// Each expectation was read against the stage's documented meaning: values
/// only as `$n`, identifiers only from the source's columns, the source's
/// natural order as tie-breaker, a new layer after a limit.
@Suite struct PlannerGoldenTests {
    func statement(_ pipeline: String) throws -> (sql: String, parameters: [String]) {
        let plan = try Fixture.plan(pipeline)
        let statement = try #require(plan.statement)
        return (statement.sql, statement.parameters.map { SQL.describeType($0) + " " + SQL.describe($0) })
    }

    @Test func dailyWithFilterSortAndLimitIsOneStatement() throws {
        let (sql, parameters) = try statement("daily area=DK1 last=30d | where price > 50 | sort price desc | limit 5")
        #expect(sql == """
            SELECT *
            FROM (
              SELECT d.day AS "day", d.price_area AS "area", d.avg_price_eur AS "price",
                     d.min_price_eur AS "min_price", d.max_price_eur AS "max_price",
                     d.total_production_mwh AS "production",
                     d.price_intervals AS "price_intervals", d.production_hours AS "production_hours"
              FROM energi_daily AS d
              WHERE d.price_area = $1
                AND d.day > (SELECT max(n.day) FROM energi_daily AS n WHERE n.price_area = $1) - $2::integer
            ) AS daily
            WHERE "price" > $3
            ORDER BY "price" DESC NULLS LAST, "day", "area" COLLATE "C"
            LIMIT $4
            """)
        #expect(parameters == ["text 'DK1'", "bigint 30", "bigint 50", "bigint 5"])
    }

    @Test func areaListAndDatesBecomeParameters() throws {
        let (sql, parameters) = try statement("prices area=DK1,DK2 since=2024-09-01 until=2024-10-01")
        #expect(sql.contains("""
              FROM energi_records AS r
              WHERE r.spot_price_eur IS NOT NULL
                AND r.price_area = ANY($1::text[])
                AND r."timestamp" >= $2
                AND r."timestamp" < $3
            ) AS prices
            ORDER BY "time", "area" COLLATE "C", "dataset" COLLATE "C"
            """))
        // Midnight in Copenhagen (UTC+2 in September) is 22:00 UTC the day before.
        #expect(parameters == ["text '{\"DK1\",\"DK2\"}'", "timestamptz 2024-08-31 22:00:00+00",
                               "timestamptz 2024-09-30 22:00:00+00"])
    }

    @Test func groupingByDayInAnotherZone() throws {
        let (sql, parameters) = try statement("prices area=DK2 by=day,area tz=UTC")
        #expect(sql == """
            SELECT *
            FROM (
              SELECT (r."timestamp" AT TIME ZONE $1)::date AS "day",
                     r.price_area AS "area",
                     sum(r.spot_price_eur * r.interval_seconds) / nullif(sum(r.interval_seconds), 0) AS "price",
                     min(r.spot_price_eur) AS "min_price",
                     max(r.spot_price_eur) AS "max_price",
                     count(*) AS "intervals"
              FROM energi_records AS r
              WHERE r.spot_price_eur IS NOT NULL
                AND r.price_area = $2
              GROUP BY 1, 2
            ) AS prices
            ORDER BY "day", "area" COLLATE "C"
            """)
        #expect(parameters == ["text 'UTC'", "text 'DK2'"])
    }

    @Test func productionByTypeUsesTheRollupsDatasetAndTopPushes() throws {
        let (sql, parameters) = try statement("production area=DK2 last=7d by=type | top 3 by=production")
        #expect(sql == """
            SELECT *
            FROM (
              SELECT r.price_area AS "area",
                     r.production_type AS "type",
                     sum(r.production_mwh) AS "production"
              FROM energi_records AS r
              JOIN energi_daily AS d ON d.price_area = r.price_area
               AND d.day = (r."timestamp" AT TIME ZONE 'Europe/Copenhagen')::date
               AND d.production_dataset = r.dataset
              WHERE r.production_mwh IS NOT NULL
                AND r.counts_in_totals
                AND r.price_area = $1
                AND r."timestamp" > (SELECT max(n."timestamp") FROM energi_records AS n WHERE n.production_mwh IS NOT NULL AND n.counts_in_totals AND n.price_area = $1) - $2::interval
              GROUP BY 1, 2
            ) AS production
            ORDER BY "production" DESC NULLS LAST, "area" COLLATE "C", "type" COLLATE "C"
            LIMIT $3
            """)
        #expect(parameters == ["text 'DK2'", "text '7 days'", "bigint 3"])
    }

    @Test func hourlyAggregatesEachStreamBeforeJoining() throws {
        let (sql, parameters) = try statement("hourly area=DK2 since=2024-09-01 until=2024-09-02")
        #expect(sql == """
            SELECT *
            FROM (
              WITH price AS (
                SELECT date_trunc('hour', r."timestamp", $1) AS bucket, r.price_area AS area,
                       sum(r.spot_price_eur * r.interval_seconds) / nullif(sum(r.interval_seconds), 0) AS price
                FROM energi_records AS r
                WHERE r.spot_price_eur IS NOT NULL
                  AND r.price_area = $2
                  AND r."timestamp" >= $3
                  AND r."timestamp" < $4
                GROUP BY 1, 2
              ), production AS (
                SELECT date_trunc('hour', r."timestamp", $1) AS bucket, r.price_area AS area, sum(r.production_mwh) AS production
                FROM energi_records AS r
                JOIN energi_daily AS d ON d.price_area = r.price_area
                 AND d.day = (r."timestamp" AT TIME ZONE 'Europe/Copenhagen')::date
                 AND d.production_dataset = r.dataset
                WHERE r.production_mwh IS NOT NULL
                  AND r.counts_in_totals
                  AND r.price_area = $2
                  AND r."timestamp" >= $3
                  AND r."timestamp" < $4
                GROUP BY 1, 2
              )
              SELECT coalesce(p.bucket, q.bucket) AS "time", coalesce(p.area, q.area) AS "area",
                     p.price AS "price", q.production AS "production"
              FROM price AS p
              FULL JOIN production AS q ON q.bucket = p.bucket AND q.area = p.area
            ) AS hourly
            ORDER BY "time", "area" COLLATE "C"
            """)
        #expect(parameters == ["text 'Europe/Copenhagen'", "text 'DK2'", "timestamptz 2024-08-31 22:00:00+00",
                               "timestamptz 2024-09-01 22:00:00+00"])
    }

    @Test func selectChoosesTheOuterColumns() throws {
        let (sql, parameters) = try statement("total | select area production")
        #expect(sql == """
            SELECT "area", "production"
            FROM (
              SELECT d.price_area AS "area", sum(d.total_production_mwh) AS "production",
                     sum(d.production_hours) AS "hours", min(d.day) AS "first_day", max(d.day) AS "last_day"
              FROM energi_daily AS d
              WHERE d.production_hours > 0
              GROUP BY d.price_area
            ) AS total
            ORDER BY "area" COLLATE "C"
            """)
        #expect(parameters.isEmpty)
    }

    @Test func aSortAfterALimitSortsOnlyTheKeptRows() throws {
        let (sql, parameters) = try statement("raw elspot area=DK1 limit=10 | sort SpotPriceEUR desc")
        #expect(sql == """
            SELECT *
            FROM (
              SELECT *
              FROM (
                SELECT r."timestamp" AS "time",
                       r.price_area AS "area",
                       CASE WHEN json_typeof(r.payload -> 'SpotPriceDKK') = 'number' THEN (r.payload ->> 'SpotPriceDKK')::double precision END AS "SpotPriceDKK",
                       CASE WHEN json_typeof(r.payload -> 'SpotPriceEUR') = 'number' THEN (r.payload ->> 'SpotPriceEUR')::double precision END AS "SpotPriceEUR",
                       r.stored_at AS "stored_at"
                FROM energi_records AS r
                WHERE r.dataset = $1
                  AND r.price_area = $2
              ) AS raw
              ORDER BY "time" DESC NULLS LAST, "area" COLLATE "C"
              LIMIT $3
            ) AS raw_2
            ORDER BY "SpotPriceEUR" DESC NULLS LAST, "time" DESC NULLS LAST, "area" COLLATE "C"
            """)
        #expect(parameters == ["text 'ElspotPrices'", "text 'DK1'", "bigint 10"])
    }

    @Test func aFilterAfterALimitFiltersOnlyTheKeptRows() throws {
        let (sql, parameters) = try statement("daily area=DK2 | limit 10 | where price > 100")
        #expect(sql.hasSuffix("""
              ) AS daily
              ORDER BY "day", "area" COLLATE "C"
              LIMIT $2
            ) AS daily_2
            WHERE "price" > $3
            ORDER BY "day", "area" COLLATE "C"
            """))
        #expect(parameters == ["text 'DK2'", "bigint 10", "bigint 100"])
    }

    @Test func sourceFiltersAreWhereClausesOnItsColumns() throws {
        let (sql, parameters) = try statement("prices area=DK1 price<0 | select time price")
        #expect(sql.hasPrefix("SELECT \"time\", \"price\"\nFROM (\n"))
        #expect(sql.hasSuffix("""
            ) AS prices
            WHERE "price" < $2
            ORDER BY "time", "area" COLLATE "C", "dataset" COLLATE "C"
            """))
        #expect(parameters == ["text 'DK1'", "bigint 0"])
    }

    @Test func dailyByMonthWeighsDaysByTheirLength() throws {
        let (sql, parameters) = try statement("daily area=DK1 by=month")
        let hours = "extract(epoch FROM ((d.day + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen') - (d.day::timestamp AT TIME ZONE 'Europe/Copenhagen')) / 3600"
        #expect(sql == """
            SELECT *
            FROM (
              SELECT date_trunc('month', d.day)::date AS "month",
                     d.price_area AS "area",
                     sum(d.avg_price_eur * \(hours))
                       / nullif(sum(CASE WHEN d.avg_price_eur IS NOT NULL THEN \(hours) END), 0) AS "price",
                     min(d.min_price_eur) AS "min_price",
                     max(d.max_price_eur) AS "max_price",
                     sum(d.total_production_mwh) AS "production",
                     sum(d.price_intervals) AS "price_intervals",
                     sum(d.production_hours) AS "production_hours"
              FROM energi_daily AS d
              WHERE d.price_area = $1
              GROUP BY 1, 2
            ) AS daily
            ORDER BY "month", "area" COLLATE "C"
            """)
        #expect(parameters == ["text 'DK1'"])
    }

    @Test func expressionsKeepTheirMeaningInSQL() throws {
        let (sql, parameters) = try statement(
            "prices area=dk1 | where area = DK1,DK2 and not (price >= 100 / 2) or price * 2 < -10")
        // Constant parts are folded (100 / 2 → 50.0), areas are upper-cased, NOT binds looser than >=.
        #expect(sql.contains("""
            ) AS prices
            WHERE (("area" IN ($1, $2) AND (NOT "price" >= $3)) OR ("price" * $4) < $5)
            """))
        #expect(parameters == ["text 'DK1'", "text 'DK2'", "double precision 50.0", "bigint 2", "bigint -10"])
    }

    @Test func divisionAndTextOrderingAreSpelledOut() throws {
        let (sql, parameters) = try statement("daily | where price / production_hours > 1 and area < DK2")
        #expect(sql.contains("""
            WHERE (("price"::double precision / NULLIF("production_hours"::double precision, 0)) > $1 AND "area" COLLATE "C" < $2)
            """))
        #expect(parameters == ["bigint 1", "text 'DK2'"])
    }

    @Test func twoSortsMakeAStableOrder() throws {
        let (sql, _) = try statement("daily | sort area | sort day desc")
        #expect(sql.hasSuffix("""
            ) AS daily
            ORDER BY "day" DESC NULLS LAST, "area" COLLATE "C"
            """))
    }

    @Test func datesInConditionsAreMidnightInTheZone() throws {
        let (sql, parameters) = try statement("prices area=DK1 | where time >= 2024-09-01 and time < 2024-09-01T12:00")
        #expect(sql.contains("WHERE (\"time\" >= $2 AND \"time\" < $3)\n"))
        #expect(parameters == ["text 'DK1'", "timestamptz 2024-08-31 22:00:00+00", "timestamptz 2024-09-01 10:00:00+00"])
    }

    @Test func lastIntervalsReadAsPostgreSQLIntervals() throws {
        let (_, parameters) = try statement("prices area=DK1 last=1h30m")
        #expect(parameters == ["text 'DK1'", "text '1 hours 30 minutes'"])
    }

    @Test func explainShowsTheStatementParametersAndWhatRunsInMemory() throws {
        let text = try Fixture.plan("total | where production > 1000 | select area production").explanation
        #expect(text == """
            stages:
              1  total   source     PostgreSQL
              2  where   transform  PostgreSQL
              3  select  transform  PostgreSQL
              4  table   sink       in memory (default sink)

            SQL:
              SELECT "area", "production"
              FROM (
                SELECT d.price_area AS "area", sum(d.total_production_mwh) AS "production",
                       sum(d.production_hours) AS "hours", min(d.day) AS "first_day", max(d.day) AS "last_day"
                FROM energi_daily AS d
                WHERE d.production_hours > 0
                GROUP BY d.price_area
              ) AS total
              WHERE "production" > $1
              ORDER BY "area" COLLATE "C"

            parameters:
              $1  bigint  1000

            columns: area (text), production (MWh)

            """)
    }

    @Test func explainShowsTheStatementWritingCSVLines() throws {
        let text = try Fixture.plan("total | csv").explanation
        #expect(text.hasPrefix("""
            stages:
              1  total  source  PostgreSQL
              2  csv    sink    PostgreSQL (lines made from the cells' text)

            SQL:
              SELECT ("area")::text AS "area", ("production")::float8 AS "production", ("hours")::bigint AS "hours", ("first_day")::date AS "first_day", ("last_day")::date AS "last_day"
            """))
        // In memory after the statement, csv converts rows itself.
        let memory = try Fixture.plan("daily | decide | csv").explanation
        #expect(memory.split(separator: "\n").contains { $0.contains(" csv ") && $0.hasSuffix("sink       in memory") })
    }

    @Test func explainOfTheEscapeHatchRunsEverythingAfterItInMemory() throws {
        let text = try Fixture.plan("sql 'select 1 as one' | where one > 0 | sort one desc | csv").explanation
        #expect(text == """
            stages:
              1  sql    source     own rows
              2  where  transform  in memory
              3  sort   transform  in memory
              4  csv    sink       in memory

            source:
              read-only SQL (cursor):
              select 1 as one

            columns: known when the rows arrive

            """)
    }

    @Test func withPushDownOffOnlyTheSourceRunsInSQL() throws {
        var context = ExecutionContext()
        context.pushDown = false
        let plan = try Fixture.plan("daily area=DK1 | where price > 50 | sort price desc | limit 5", context: context)
        #expect(plan.pushed == ["daily"])
        #expect(plan.inMemory == ["where", "sort", "limit", "table"])
        let explanation = plan.explanation
        #expect(explanation.contains("  3  sort   transform  in memory, reads all rows first\n"))
        #expect(!explanation.contains("LIMIT"))
    }
}
