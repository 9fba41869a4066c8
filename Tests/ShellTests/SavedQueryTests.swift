import Foundation
import Query
import Shell
import Testing

@Suite struct SavedQueryTests {
    static let text = """
        # Daily figures per area for the last month.
        # Shows the daily rollup as a table.
        #
        # param area = DK1,DK2
        # param last = 30d
        # param since            (required)
        daily area=$area last=$last | table
        # a comment after the header is not description
        """

    @Test func readsTheHeader() throws {
        let query = try SavedQuery.parse(Self.text, name: "month", path: "queries/month.efq")
        #expect(query.summary == "Daily figures per area for the last month.")
        #expect(query.descriptionLines == ["Daily figures per area for the last month.", "Shows the daily rollup as a table."])
        #expect(query.parameters.map(\.name) == ["area", "last", "since"])
        #expect(query.parameters.map(\.defaultText) == ["DK1,DK2", "30d", nil])
        #expect(query.parameters[2].range.start.line == 6)
    }

    @Test func parametersBecomeVariablesWithDefaultsAndOverrides() throws {
        let query = try SavedQuery.parse(Self.text, name: "month", path: "queries/month.efq")
        let environment = try query.environment(given: ["since=2024-09-01", "last=7d"])
        #expect(environment["area"]?.text == "DK1,DK2")
        #expect(environment["last"]?.text == "7d")
        #expect(environment["since"]?.text == "2024-09-01")
    }

    @Test func aMissingRequiredParameterIsNamed() throws {
        let query = try SavedQuery.parse(Self.text, name: "month", path: "queries/month.efq")
        let error = try #require(throws: QueryError.self) { try query.environment(given: []) }
        #expect(error.rendered() == """
            error: query 'month' needs parameter 'since'
             --> queries/month.efq:6:9
              |
            6 | # param since            (required)
              |         ^^^^^
              = note: give it as since=VALUE
            """)
    }

    @Test func anUnknownParameterGetsADidYouMean() throws {
        let query = try SavedQuery.parse(Self.text, name: "month", path: "queries/month.efq")
        let error = try #require(throws: QueryError.self) { try query.environment(given: ["aera=DK2", "since=2024-01-01"]) }
        #expect(error.message == "query 'month' has no parameter 'aera'")
        #expect(error.suggestion == "area")
        #expect(error.rendered().contains("did you mean 'area'?"))
    }

    @Test func malformedParameterLinesPointAtTheFile() throws {
        let error = try #require(throws: QueryError.self) {
            try SavedQuery.parse("# x\n# param area DK1\ndaily\n", name: "x", path: "queries/x.efq")
        }
        #expect(error.rendered() == """
            error: expected '=' and a default value after parameter 'area'
             --> queries/x.efq:2:14
              |
            2 | # param area DK1
              |              ^
            """)
        let empty = try #require(throws: QueryError.self) {
            try SavedQuery.parse("# param area =\ndaily\n", name: "x", path: "queries/x.efq")
        }
        #expect(empty.message == "expected a default value after '=' for parameter 'area'")
        let twice = try #require(throws: QueryError.self) {
            try SavedQuery.parse("# param a = 1\n# param a = 2\ndaily\n", name: "x", path: "q.efq")
        }
        #expect(twice.range.start.line == 2)
    }

    @Test func theLibrarySearchesFoldersInOrder() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("efq-\(UUID().uuidString)")
        let first = root.appendingPathComponent("a"), second = root.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "# first\ndaily\n".write(to: first.appendingPathComponent("dk1-month.efq"), atomically: true, encoding: .utf8)
        try "# second\ndaily\n".write(to: second.appendingPathComponent("dk1-month.efq"), atomically: true, encoding: .utf8)
        try "# only here\ntotal\n".write(to: second.appendingPathComponent("totals.efq"), atomically: true, encoding: .utf8)
        let library = SavedQueryLibrary(directories: [first, second, first])
        #expect(library.directories.count == 2)
        #expect(library.names == ["dk1-month", "totals"])
        #expect(try library.load("dk1-month").summary == "first")
        let error = try #require(throws: QueryError.self) { try library.load("dk1-mnth") }
        #expect(error.suggestion == "dk1-month")
    }
}
