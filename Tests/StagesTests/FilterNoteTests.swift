import Foundation
import Stages
import Testing

/// A filter that keeps none of the rows it gets says so (a note on stderr),
/// pushed into SQL or run in memory; filters that keep rows say nothing.
@Suite struct FilterNoteTests {
    func notes(_ pipeline: String, pushDown: Bool) throws -> [String] {
        var context = try Fixture.context(pushDown: pushDown)
        context.warnings = WarningChannel()
        try Executor().execute(pipeline, context: context)
        return context.warnings.all.map(\.description)
    }

    @Test(arguments: [true, false])
    func aWhereThatKeepsNothing(pushDown: Bool) throws {
        #expect(try notes("daily area=DK2 since=2024-09-01 until=2024-10-01 | where price < -500", pushDown: pushDown)
                == ["note: where price < -500 kept none of the 30 rows it got"])
        #expect(try notes("daily area=DK2 since=2024-09-01 until=2024-10-01 | where price < 50", pushDown: pushDown).isEmpty)
        // Nothing to filter is not the filter's doing.
        #expect(try notes("daily area=DK2 since=2030-01-01 until=2030-02-01 | where price < -500", pushDown: pushDown).isEmpty)
    }

    @Test func aSourceFilterBeforeGroupingThatKeepsNothing() throws {
        #expect(try notes("prices area=DK2 since=2024-09-01 until=2024-10-01 price<-500 by=day", pushDown: true)
                == ["note: prices price<-500 kept none of the 720 rows it got"])
        let explained = try Fixture.output("explain prices area=DK2 since=2024-09-01 until=2024-10-01 price<0 intervals>2 by=day")
        #expect(explained.contains("notes:\n  price<0 filters the price records before by=day groups them\n  intervals>2 filters the groups"))
    }
}
