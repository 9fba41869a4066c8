import Foundation
import Postgres
import Query
import Stages
import Tabular
import Testing

/// Stages whose columns are known only at run time (the sql escape hatch,
/// external plugins): the stages after them are checked once the rows arrive.
@Suite struct RunTimeSchemaTests {
    @Test func stagesAfterAnUnannouncedSchemaAreCheckedWhenRowsArrive() throws {
        let executor = try TestOnlyStages.executor()
        let plan = try Fixture.plan("total | mystery | where extra > 0 | select area extra", executor: executor)
        #expect(plan.pushed == ["total"] && plan.inMemory == ["mystery", "where", "select", "table"])
        #expect(plan.explanation.contains("columns: known when the rows arrive"))
        let rows = try Fixture.rows("total | mystery | where extra > 0 | select area extra", executor: executor)
        #expect(rows.rows == [[.text("DK1"), .int(1)], [.text("DK2"), .int(1)]])

        let error = try #require(Fixture.error("total | mystery | where extar > 0", executor: executor))
        #expect(error.code == .query)
        #expect(error.rendered() == """
            error: unknown column 'extar'
              |
            1 | total | mystery | where extar > 0
              |                         ^^^^^ did you mean 'extra'?
            """)
    }

    @Test func theEscapeHatchsColumnsComeFromTheServer() throws {
        let error = try #require(Fixture.error("sql 'select 1 as one' | sort two"))
        #expect(error.rendered().hasPrefix("error: unknown column 'two'"))
        let text = try Fixture.output("sql 'select 2 as two union all select 1' | sort two | csv")
        #expect(text == "two\r\n1\r\n2\r\n")
    }
}

/// The hook scripts/bench calls: daily against the raw GROUP BY. Only the
/// agreement is checked here; the speed is measured by the benchmark.
@Suite struct StoreBenchmarkTests {
    @Test func dailyAndTheRawGroupByAgree() throws {
        let result = try StoreBenchmark.dailyVersusRaw(connection: try Fixture.connection(), areas: ["DK1", "DK2"],
                                                       repetitions: 1)
        #expect(result.same, "largest relative difference \(result.maxRelativeDifference)")
        // DK1 and DK2 each have 366 days of 2024 prices plus DK2's 7 days of 2026.
        #expect(result.rows == 366 * 2 + 7)
        #expect(result.dailySeconds > 0 && result.rawSeconds > 0)
    }
}
