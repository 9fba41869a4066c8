import Foundation
import Stages
import Tabular
import Testing

/// The same pipeline pushed into SQL and run in memory gives the same rows.
@Suite struct PushDownEquivalenceTests {
    static let pipelines = [
        "daily area=DK2 | where price > 100 and production < 20000 | sort price desc | limit 7",
        "prices area=DK1,DK2 since=2024-06-01 until=2024-06-08 | where price < 0 or price > 150 | select time area price | sort price | limit 20",
        "production area=DK2 since=2024-09-01 until=2024-09-03 by=type | top 4 by=production",
        "hourly area=DK2 since=2024-10-26 until=2024-10-29 | where production > 1000 | sort production desc | limit 10 | sort time",
        "raw declaration limit=30 | where FuelAllocationMethod != Total,All | select time ProductionType Production_MWh",
        "daily | limit 50 | where area = DK2 | sort day desc | limit 5",
        "total | where hours > 100",
        "prices area=DK2 by=week since=2024-09-01 until=2024-11-01 | top 2 by=(max_price - min_price)",
        "daily area=DK1 | sort price | sort area desc | limit 12",
        "prices area=DK2 since=2024-10-27 until=2024-10-28 | where time >= 2024-10-27T02:00 and time < 2024-10-27T05:00",
        "hourly area=DK2 since=2026-03-01 until=2026-03-02 | where price > 100 / 2 | select time price",
        "daily area=SE3,SE4,NO2 since=2024-02-01 until=2024-03-01 | where not (area = SE3) and (max_price - min_price) / 2 > 10 | sort area | limit 9",
        "prices area=DK1 since=2024-01-01 until=2024-01-03 price<40 | where price_dkk > 100 | limit 3 | select price price_dkk",
    ]

    /// Every new construct of the language, pushed and in memory.
    static let analystPipelines = [
        // extend: new columns, a later item using an earlier one, a replaced column the order still needs.
        "daily area=DK2 since=2024-10-01 until=2024-10-20 | extend spread = max_price - min_price, half = spread / 2 | where half > 20",
        "daily area=DK2 since=2024-10-01 until=2024-10-20 | sort price desc | extend price = round(price) | limit 6",
        "prices area=DK1 since=2024-06-01 until=2024-06-03 | extend hour = hour(time), evening = hour(time) >= 17, dkk = coalesce(price_dkk, price * 7.46)",
        "hourly area=DK2 since=2024-08-28 until=2024-08-30 | extend production = coalesce(production, 0), band = if(price < 50, 'cheap', 'dear')",
        // select with expressions, keeping a column under a new name while sorted by the old.
        "daily area=DK1 since=2024-03-01 until=2024-03-15 | sort production desc | select day, round(price, 1) as price, production / 24 as mw | limit 5",
        "daily area=DK1 since=2024-03-01 until=2024-03-15 | sort price | select day, price * 2 as price | limit 4",
        // summarize: every aggregate, keys from calendar parts and bin.
        "prices area=DK1,DK2 since=2024-01-01 until=2024-04-01 | summarize count(), sum(price), avg(price), min(price), max(price), median(price), p(90, price), stddev(price) by area, month(time)",
        "hourly area=DK2 since=2024-09-01 until=2024-11-01 | summarize corr(price, production), count(production) by week(time)",
        "prices area=DK2 since=2024-09-01 until=2024-11-01 | summarize avg(price) as price, min(time) as first by bin(time, 1w) | where price > 50",
        "prices area=DK2 since=2026-03-01 until=2026-03-03 | summarize avg(price), count() by bin(time, 1h) | sort avg_price desc | limit 5",
        "daily area=DK2 since=2024-09-01 until=2024-11-01 | summarize avg(price) as price, sum(production) by bin(day, 1mo), weekday(day) | sort price",
        "prices area=DE since=2024-01-01 until=2025-01-01 | where weekday(time) >= 6 | summarize count() by year(time), area",
        "prices area=NO2 since=2024-12-01 until=2025-01-01 | summarize sum(price) / count() as mean, max(price) - min(price) as range",
        // pivot, then more stages on the new columns.
        "daily area=DK1,DE since=2024-01-01 until=2025-01-01 | select day, area, price | pivot area price | where DK1 - DE > 10 | extend gap = DK1 - DE",
        "production area=DK2 since=2024-09-01 until=2024-09-08 by=day,type | pivot type production | top 3 by=OnshoreWindPower",
        // join: inner and left, a clash renamed, stages after it.
        "production area=DK2 since=2024-09-01 until=2024-10-01 by=day,type | pivot type production | join (daily area=DK2) on day | extend wind = (OnshoreWindPower + OffshoreWindPower) / production | select day, wind, price",
        "daily area=DK1 since=2024-06-01 until=2024-07-01 | join (daily area=DE since=2024-06-01 until=2024-07-01 | select day, price) on day | where price_daily - price > 10",
        "hourly area=DK2 since=2024-08-28 until=2024-08-30 | join (production area=DK2 since=2024-08-28 until=2024-08-30 by=hour type=OnshoreWindPower) on time kind=left",
        // filters before grouping on grouping sources, and on their groups.
        "prices since=2024-01-01 until=2025-01-01 price<0 by=area",
        "prices area=DK1,DK2 since=2024-01-01 until=2025-01-01 price<0 intervals>10 by=month,area",
        "production area=DK2 since=2024-09-01 until=2024-10-01 production>100 by=type",
        "daily area=DK1,DK2 since=2024-01-01 until=2025-01-01 price>100 by=month",
        "total production>10000",
        "hourly area=DK2 since=2024-09-01 until=2024-10-01 price<30 by=day",
        // quoted names mean columns where a column is expected.
        "daily area=DK2 since=2024-10-01 until=2024-11-01 | top 3 by=\"price\" | select \"day\", `price`",
    ]

    @Test(arguments: pipelines + analystPipelines)
    func pushedAndInMemoryAgree(_ pipeline: String) throws {
        let pushed = try Fixture.rows(pipeline, pushDown: true)
        let memory = try Fixture.rows(pipeline, pushDown: false)
        #expect(pushed.schema == memory.schema)
        #expect(pushed.count > 0, "the pipeline should select some rows to compare")
        try expectSame(pushed, memory)
        // The plan really differs: something after the source ran in SQL in one and in memory in the other
        // (a pivot asks the store for its columns while planning, so planning needs the database here).
        let plan = try Fixture.plan(pipeline, context: try Fixture.context())
        if pipeline.contains("|") {
            #expect(plan.pushed.count > 1)
            #expect(plan.inMemory.count == 1, "everything but the sink is pushed: \(plan.inMemory)")
        }
    }

    @Test func aComputedColumnAfterANonPushableStage() throws {
        let executor = try TestOnlyStages.executor()
        let memory = try Fixture.rows(
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | perkwh | where price_kwh > 0.1 | sort price_kwh desc | limit 5 | select day price",
            executor: executor)
        let pushed = try Fixture.rows(
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | where price / 1000 > 0.1 | sort price desc | limit 5 | select day price",
            executor: executor)
        #expect(memory.count == 5)
        try expectSame(pushed, memory)
        let plan = try Fixture.plan("daily area=DK2 | perkwh | where price_kwh > 0.1", executor: executor)
        #expect(plan.pushed == ["daily"] && plan.inMemory == ["perkwh", "where", "table"])
    }

    @Test func stagesAfterAPassThroughRunInMemory() throws {
        let executor = try TestOnlyStages.executor()
        let tail = "| where price < 0 or production > 1500 | sort price | limit 15"
        let memory = try Fixture.rows("hourly area=DK2 since=2024-10-01 until=2024-10-15 | passthrough " + tail, executor: executor)
        let pushed = try Fixture.rows("hourly area=DK2 since=2024-10-01 until=2024-10-15 " + tail, executor: executor)
        #expect(memory.count == 15)
        try expectSame(pushed, memory)
    }

    @Test func theEscapeHatchRunsTheSameStagesInMemory() throws {
        let viaSQL = try Fixture.rows("""
            sql 'select day, price_area as area, avg_price_eur as price from energi_daily' \
            | where area = DK2 and price > 100 | sort price desc | limit 5
            """)
        let pushed = try Fixture.rows("daily area=DK2 | where price > 100 | select day area price | sort price desc | limit 5")
        #expect(viaSQL.columns.map(\.name) == ["day", "area", "price"])
        #expect(viaSQL.rows == pushed.rows)
    }

    func expectSame(_ a: RowSet, _ b: RowSet) throws {
        #expect(a.count == b.count)
        for (x, y) in zip(a.rows, b.rows) {
            #expect(x.count == y.count)
            for (u, v) in zip(x, y) {
                if case .double(let p) = u, case .double(let q) = v {
                    #expect(close(p, q))
                } else {
                    #expect(u == v)
                }
            }
        }
    }
}
