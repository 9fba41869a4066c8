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

    @Test(arguments: pipelines)
    func pushedAndInMemoryAgree(_ pipeline: String) throws {
        let pushed = try Fixture.rows(pipeline, pushDown: true)
        let memory = try Fixture.rows(pipeline, pushDown: false)
        #expect(pushed.schema == memory.schema)
        #expect(pushed.count > 0, "the pipeline should select some rows to compare")
        try expectSame(pushed, memory)
        // The plan really differs: something after the source ran in SQL in one and in memory in the other.
        let plan = try Fixture.plan(pipeline)
        #expect(plan.pushed.count > 1)
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
