import ErrorReporting
import Foundation
import Query
import Shell
import Testing

/// Saved queries in a session: run by name with parameters, `.queries`,
/// `.show`, `.save`, and the errors around them.
@Suite struct SavedQuerySessionTests {
    static let week = """
        # Daily figures for one week.
        # The rollup, as CSV.
        # param area = DK1
        # param since
        daily area=$area since=$since until=2024-09-08 | csv

        """

    @Test func runsByNameWithParametersAsVariables() throws {
        let shell = try TestShell()
        try shell.writeQuery("week", Self.week)
        let byName = shell.results("week since=2024-09-01 area=DK2")
        #expect(shell.messages.text == "")
        #expect(byName == (try Store.dailyCSV(area: "DK2", since: "2024-09-01", until: "2024-09-08")))
        // The default applies when a parameter is left out; a variable may be a value.
        #expect(shell.run("let start = 2024-09-03") == .success)
        #expect(shell.results("week since=$start") == (try Store.dailyCSV(area: "DK1", since: "2024-09-03", until: "2024-09-08")))
        // Parameters do not leak into the session.
        #expect(shell.session.environment.names == ["start"])
    }

    @Test func parameterErrorsNameTheParameter() throws {
        let shell = try TestShell()
        try shell.writeQuery("week", Self.week)
        #expect(shell.run("week area=DK2") == .failure(.error))
        #expect(shell.messages.take().hasPrefix("""
            error: query 'week' needs parameter 'since'
             --> \(shell.projectQueries.path)/week.efq:4:9
            """))
        #expect(shell.run("week sinse=2024-09-01") == .failure(.error))
        #expect(shell.messages.take() == """
            error: query 'week' has no parameter 'sinse'
              |
            1 | week sinse=2024-09-01
              |      ^^^^^ did you mean 'since'?
              = note: its parameters: area, since

            """)
        #expect(shell.run("week 2024-09-01") == .failure(.error))
        #expect(shell.messages.take().contains("takes parameters as name=value"))
        #expect(shell.run("week since=2024-09-01 | table") == .failure(.error))
        #expect(shell.messages.take().contains("'week' ends in 'csv', so it cannot feed a pipeline"))
        #expect(shell.run("weak since=2024-09-01") == .failure(.error))
        #expect(shell.messages.take().contains("did you mean 'week'?"))
    }

    @Test func errorsInsideAQueryNameItsFileAndLine() throws {
        let shell = try TestShell()
        try shell.writeQuery("broken", "# Broken on line 3.\nsql 'select 1 as a' | csv\ndaily | sotr price\n")
        #expect(shell.run("broken") == .failure(.error))
        #expect(shell.output.text == "a\r\n1\r\n")
        #expect(shell.messages.text.contains("--> \(shell.projectQueries.path)/broken.efq:3:9"))
    }

    @Test func queriesAndShowListAndPrintFiles() throws {
        let shell = try TestShell()
        try shell.writeQuery("week", Self.week)
        try shell.writeQuery("daily", "# Hidden by the stage.\ndaily\n")
        let listing = shell.results(".queries")
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("daily "))
        #expect(lines[0].contains("(hidden by the stage 'daily')"))
        #expect(lines[1].hasPrefix("week "))
        #expect(lines[1].contains("area=DK1 since=…"))
        #expect(lines[1].contains("Daily figures for one week."))
        #expect(lines[1].hasSuffix("week.efq"))
        #expect(shell.results(".show week") == Self.week)
        let help = shell.results(".help week")
        #expect(help.hasPrefix("week (saved query)\n  Daily figures for one week.\n  The rollup, as CSV.\n\nusage: week [area=VALUE] since=VALUE"))
        #expect(shell.run(".show wek") == .failure(.error))
        #expect(shell.messages.text.contains("did you mean 'week'?"))
    }

    @Test func saveShowAndRunRoundTrip() throws {
        let shell = try TestShell()
        #expect(shell.run(".save early") == .failure(.error))
        #expect(shell.messages.take().contains("there is no pipeline to save yet"))

        #expect(shell.run("let a = DK2\nlet from = 2024-09-01") == .success)
        let first = shell.results("daily area=$a since=$from until=2024-09-05 | csv")
        #expect(shell.run(".save dk2-days Four DK2 days") == .success)
        let saved = shell.userQueries.appendingPathComponent("dk2-days.efq")
        let text = try String(contentsOf: saved, encoding: .utf8)
        #expect(text == "# Four DK2 days\n# param a = DK2\n# param from = 2024-09-01\ndaily area=$a since=$from until=2024-09-05 | csv\n")
        #expect(shell.messages.take().hasPrefix("saved \(saved.path) (parameters: a, from); run it with 'dk2-days'"))

        #expect(shell.results(".show dk2-days") == text)
        #expect(shell.results(".queries").contains("dk2-days  a=DK2 from=2024-09-01  Four DK2 days"))
        #expect(shell.results("dk2-days") == first)
        #expect(shell.results("dk2-days a=DK1") == (try Store.dailyCSV(area: "DK1", since: "2024-09-01", until: "2024-09-05")))

        // Saving again replaces it; a stage name or a bad name is refused.
        _ = shell.results("sql 'select 1 as one' | csv")
        #expect(shell.run(".save dk2-days") == .success)
        #expect(shell.messages.take().hasPrefix("replaced "))
        #expect(shell.results("dk2-days") == "one\r\n1\r\n")
        #expect(shell.run(".save daily") == .failure(.error))
        #expect(shell.messages.take().contains("'daily' is a stage"))
        #expect(shell.run(".save 'two words'") == .failure(.error))
        #expect(shell.messages.take().contains("cannot name a query"))
    }

    @Test func aProjectQueryComesBeforeASavedOne() throws {
        let shell = try TestShell()
        try shell.writeQuery("mine", "# The project's.\nsql 'select 1 as project' | csv\n")
        _ = shell.results("sql 'select 2 as user' | csv")
        #expect(shell.run(".save mine") == .success)
        #expect(shell.messages.text.contains("comes first, so 'mine' runs that one"))
        #expect(shell.results("mine") == "project\r\n1\r\n")
    }

    static let monthly = """
        # Monthly averages.
        # param area = DK2
        let from = 2024-01-01
        daily area=$area since=$from until=2025-01-01 | summarize avg(price) as price, count() as days by bin(day, 1mo) as month

        """

    @Test func aSavedPipelineFeedsAPipeline() throws {
        let shell = try TestShell()
        try shell.writeQuery("monthly", Self.monthly)
        let csv = shell.results("monthly area=DK1 | where days >= 30 | csv")
        #expect(shell.messages.take() == "")
        let lines = csv.split(separator: "\r\n")
        #expect(lines.first == "month,price,days")
        #expect(lines.count == 1 + 11, "the months of 2024 with 30 or 31 days")
        // The same rows as writing the pipeline out; pushed into one statement.
        let written = shell.results("daily area=DK1 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price, count() as days by bin(day, 1mo) as month | where days >= 30 | csv")
        #expect(csv == written)
        let plan = shell.results("explain monthly area=DK1 | where days >= 30")
        #expect(plan.contains("2  summarize  transform  PostgreSQL") && plan.contains("3  where      transform  PostgreSQL"))
        #expect(shell.results("monthly | chart width=60 height=12").split(separator: "\n").count == 12)
    }

    @Test func aSavedQueryThatCannotFeedAPipelineSaysWhy() throws {
        let shell = try TestShell()
        try shell.writeQuery("week", Self.week)
        #expect(shell.run("week since=2024-09-01 | where price > 1") == .failure(.error))
        #expect(shell.messages.take().hasPrefix("""
            error: 'week' ends in 'csv', so it cannot feed a pipeline
              |
            1 | week since=2024-09-01 | where price > 1
              |                         ^^^^^
            """))
        // An error in the query's own stages points into its file.
        try shell.writeQuery("broken", "daily area=DK2 | where prise > 1\n")
        #expect(shell.run("broken | csv") == .failure(.error))
        let message = shell.messages.take()
        #expect(message.contains("unknown column 'prise'") && message.contains("broken.efq:1:24"))
    }
}
