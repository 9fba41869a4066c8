import ErrorReporting
import Foundation
import Query
import Shell
import Stages
import Testing

/// `.mode`, `.width`, `.timing`, `.help`, `.history`, `.print`, `.quit`.
@Suite struct DotCommandTests {
    @Test func modeChangesHowPipelinesWithoutASinkAreWritten() throws {
        let shell = try TestShell()
        let table = shell.results("daily area=DK2 since=2024-09-01 until=2024-09-03")
        #expect(table.contains("(2 rows)"))
        #expect(shell.run(".mode csv") == .success)
        #expect(shell.results("daily area=DK2 since=2024-09-01 until=2024-09-08")
                    == (try Store.dailyCSV(area: "DK2", since: "2024-09-01", until: "2024-09-08")))
        #expect(shell.run(".mode json") == .success)
        let json = shell.results("daily area=DK2 since=2024-09-01 until=2024-09-03")
        let objects = try json.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["day"] as? String } == ["2024-09-01", "2024-09-02"])
        #expect(shell.results(".mode") == "json\n")
        // A sink in the pipeline still wins.
        #expect(shell.results("sql 'select 1 as x' | csv") == "x\r\n1\r\n")

        #expect(shell.run(".mode jsn") == .failure(.error))
        #expect(shell.messages.text.contains("did you mean 'json'?"))
        #expect(shell.session.settings.mode == .json)
    }

    @Test func widthFitsTables() throws {
        let shell = try TestShell()
        let wide = shell.results("daily area=DK2 since=2024-09-01 until=2024-09-04")
        #expect(wide.split(separator: "\n").contains { $0.count > 40 })
        #expect(shell.run(".width 40") == .success)
        #expect(shell.results(".width") == "40\n")
        let narrow = shell.results("daily area=DK2 since=2024-09-01 until=2024-09-04")
        #expect(narrow.contains("(3 rows)"))
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(shell.run(".width auto") == .success)
        #expect(shell.session.settings.width == nil)
        #expect(shell.run(".width 3") == .failure(.error))
        #expect(shell.messages.text.contains("at least 10"))
    }

    @Test func timingReportsRowsAndTimeOnTheMessages() throws {
        let shell = try TestShell(settings: ShellSettings(mode: .csv))
        let days = try Store.connection().query(
            "SELECT count(*) FROM energi_daily WHERE price_area = 'DK1' AND day >= '2024-03-01' AND day < '2024-04-01'").scalar?.int
        #expect(shell.run(".timing on") == .success)
        let csv = shell.results("daily area=DK1 since=2024-03-01 until=2024-04-01")
        let count = try #require(days)
        #expect(csv.components(separatedBy: "\r\n").count - 2 == Int(count))
        let timing = shell.messages.take()
        #expect(timing.hasPrefix("\(count) rows in "))
        #expect(timing.hasSuffix(" s\n"))
        #expect(shell.results(".timing") == "on\n")
        #expect(shell.run(".timing off") == .success)
        _ = shell.results("daily area=DK1 since=2024-03-01 until=2024-03-02")
        #expect(shell.messages.text == "")
    }

    @Test func helpListsStagesCommandsAndShowsOneStage() throws {
        let shell = try TestShell()
        let overview = shell.results(".help")
        for text in ["Sources:", "Transforms:", "Sinks:", "daily", "Shell commands:", ".save NAME", ".plugins", "Ctrl-C"] {
            #expect(overview.contains(text), "\(text)")
        }
        let daily = shell.results(".help daily")
        #expect(daily.hasPrefix("daily (source)"))
        #expect(daily.contains("examples:\n  daily area=DK1 last=30d"))
        #expect(shell.results(".help mode").hasPrefix("usage: .mode [table|csv|json|markdown]"))
        #expect(shell.run(".help dialy") == .failure(.error))
        #expect(shell.messages.text.contains("did you mean 'daily'?"))
    }

    @Test func historyListsEntriesNumberedWithMultiLineOnesIndented() throws {
        let shell = try TestShell()
        #expect(shell.results(".history") == "(no history)\n")
        shell.session.history = { ["daily area=DK1", "daily |\n  csv"] }
        #expect(shell.results(".history") == "1  daily area=DK1\n2  daily |\n     csv\n")
    }

    @Test func printQuitAndUnknownCommands() throws {
        let shell = try TestShell(settings: ShellSettings(mode: .csv))
        #expect(shell.results(".print 'step 1: prices'") == "step 1: prices\n")
        #expect(shell.run(".quit; sql 'select 1 as x'") == .quit)
        #expect(shell.output.text == "")
        #expect(shell.run(".exit") == .quit)
        #expect(shell.run(".mdoe csv") == .failure(.error))
        #expect(shell.messages.text.contains("unknown command '.mdoe'"))
        #expect(shell.messages.text.contains("did you mean '.mode'?"))
        #expect(shell.run(".timing on off") == .failure(.error))
        #expect(shell.messages.text.contains("takes one argument"))
    }

    @Test func pluginsListsWhatDiscoveryFinds() throws {
        let shell = try TestShell()
        #expect(shell.results(".plugins").hasPrefix("no plugins found"))
    }

    @Test func helpForFunctionsAndTheNewStages() throws {
        let shell = try TestShell()
        let functions = shell.results(".help functions")
        #expect(functions.contains("Row functions") && functions.contains("Aggregates"))
        #expect(functions.contains("bin(t, period)") && functions.contains("corr(x, y)"))
        let round = shell.results(".help round")
        #expect(round.hasPrefix("round(x[, digits])  (row function)"))
        #expect(round.contains("examples:\n  daily area=DK2"))
        let summarize = shell.results(".help summarize")
        #expect(summarize.contains("usage: summarize AGG [as NAME][, …] [by KEY [as NAME][, …]]"))
        #expect(summarize.contains("time-weighted"))
        #expect(shell.results(".help join").contains("area_daily"))
        #expect(shell.results(".help").contains("'.help functions' lists them"))
        #expect(shell.run(".help roudn") == .failure(.error))
        #expect(shell.messages.text.contains("did you mean 'round'?"))
    }

    @Test func maxRowsStopsLongTablesOnATerminalOnly() throws {
        let shell = try TestShell()
        #expect(shell.results(".maxrows") == "all\n")
        #expect(shell.run(".maxrows 6") == .success)
        // Not a terminal here: every row is printed still.
        #expect(shell.results("daily area=DK2 since=2024-09-01 until=2024-10-01").contains("(30 rows)"))
        #expect(!shell.results("daily area=DK2 since=2024-09-01 until=2024-10-01").contains("more rows"))
        #expect(shell.results(".maxrows") == "6\n")
        #expect(shell.run(".maxrows 1") == .failure(.error))
        #expect(shell.run(".maxrows all") == .success)
        #expect(shell.session.settings.maxRows == nil)
    }
}
