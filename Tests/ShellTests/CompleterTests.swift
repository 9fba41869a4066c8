import Foundation
import LineEditor
import Query
import Shell
import Stages
import Testing

/// What Tab offers, over the built-in stages and a folder of saved queries.
@Suite struct CompleterTests {
    let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("completer-\(UUID().uuidString)")

    func completer() throws -> Completer {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "# One week.\n# param area = DK1\n# param since\ndaily area=$area since=$since\n"
            .write(to: root.appendingPathComponent("dk-week.efq"), atomically: true, encoding: .utf8)
        return Completer(stages: { BuiltinStages.registry }, library: SavedQueryLibrary(directories: [root]),
                         variables: { ["area", "start"] }, rules: { ["absolute", "default", "negative"] })
    }

    func complete(_ line: String) throws -> [String] {
        defer { try? FileManager.default.removeItem(at: root) }
        return try completer().candidates(CompletionContext(line: line))
    }

    @Test func stageNamesAtTheStartAndAfterAPipe() throws {
        #expect(try complete("dai") == ["daily"])
        #expect(try complete("da") == ["daily"])
        #expect(try complete("dk") == ["dk-week"])
        #expect(try complete("daily | so") == ["sort"])
        #expect(Set(try complete("daily | c")) == ["csv", "chart"])
        // Sources do not follow a pipe; transforms do not start a statement.
        #expect(try complete("daily | da") == [])
        #expect(try complete("so") == [])
        #expect(try complete("daily; pri") == ["prices"])
        #expect(try complete("explain dai") == ["daily"])
        let all = try complete("")
        #expect(all.contains("daily") && all.contains("sql") && all.contains("dk-week") && all.contains("let"))
    }

    @Test func argumentNamesOfTheStageBeingTyped() throws {
        #expect(try complete("daily ar") == ["area="])
        #expect(try complete("daily area=DK1 l") == ["last="])
        let daily = try complete("daily area=DK1 ")
        #expect(!daily.contains("area="))
        #expect(daily.contains("since=") && daily.contains("by=") && daily.contains("price"))
        #expect(try complete("prices | limit ") == ["n="])
        #expect(try complete("raw ") .starts(with: ["dataset=", "area="]))
        #expect(try complete("raw e") == ["elspot"])
    }

    @Test func valuesAreasChoicesAndColumns() throws {
        #expect(try complete("daily area=") == Completer.defaultAreas)
        #expect(try complete("daily area=dk") == ["DK1", "DK2"])
        #expect(try complete("daily area=DK1,S") == ["SE3", "SE4", "SYSTEM"])
        #expect(try complete("daily by=") == ["day", "week", "month", "area"])
        #expect(try complete("daily | sort pr") == ["price", "production", "price_intervals", "production_hours"])
        #expect(try complete("daily | where max") == ["max_price", "max("])
        #expect(try complete("daily | top 3 by=min") == ["min_price"])
        #expect(try complete("daily area!=N") == ["NO2"])
    }

    @Test func savedQueriesVariablesAndDotCommands() throws {
        #expect(try complete("dk-week ") == ["area=", "since="])
        #expect(try complete("dk-week since=2024-09-01 ") == ["area="])
        #expect(try complete("dk-week area=D") == ["DK1", "DK2", "DE"])
        #expect(try complete("daily area=$") == ["$area", "$start"])
        #expect(try complete(".mo") == [".mode"])
        #expect(try complete(".mode ") == ["table", "csv", "json", "markdown"])
        #expect(try complete(".timing o") == ["on", "off"])
        #expect(try complete(".show ") == ["dk-week"])
        #expect(try complete(".help dai") == ["daily"])
        #expect(try complete(".help ti") == ["timing"])
        #expect(try complete(".q") == [".queries", ".quit"])
    }

    @Test func rulesNamesAfterDecideAndFunctionsInExpressions() throws {
        #expect(try complete("daily | decide rules=ne") == ["negative"])
        #expect(try complete("daily | decide a") == ["absolute"])
        #expect(try complete("daily | where hou").contains("hour("))
        #expect(try complete("daily | summarize me") == ["median("])
        #expect(try complete("daily | extend x = pri").contains("price"))
    }
}
