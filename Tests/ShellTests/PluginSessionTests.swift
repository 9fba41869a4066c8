import ErrorReporting
import Foundation
import LineEditor
import Shell
import Stages
import Testing

/// External plugins in a session: in pipelines, `.plugins`, `.help`,
/// completion, and failures that end the statement but not the session.
@Suite struct PluginSessionTests {
    @Test func theZScorePluginRunsInAPipeline() throws {
        let plugins = try PluginFixtures()
        let shell = try TestShell(settings: ShellSettings(mode: .csv), stages: plugins.provider())
        let csv = shell.results("daily area=DK1,DK2 since=2024-03-01 until=2024-03-11 | zscore price | select day area price zscore")
        #expect(shell.session.stages.takeWarnings().isEmpty)
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "day,area,price,zscore")
        // zscore per area, from the same prices computed here.
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 20)
        for area in ["DK1", "DK2"] {
            let mine = rows.filter { $0[1] == area }
            let prices = try mine.map { try #require(Double($0[2])) }
            let mean = prices.reduce(0, +) / Double(prices.count)
            let deviation = (prices.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(prices.count)).squareRoot()
            for (row, price) in zip(mine, prices) {
                let z = try #require(Double(row[3]))
                #expect(abs(z - (price - mean) / deviation) < 1e-9)
            }
        }
    }

    @Test func aFailingPluginEndsTheStatementNotTheSession() throws {
        let plugins = try PluginFixtures()
        let shell = try TestShell(settings: ShellSettings(mode: .csv), stages: plugins.provider())
        #expect(shell.run("sql 'select 1 as x' | crash") == .failure(.error))
        let crash = shell.messages.take()
        #expect(crash.contains("crash"))
        #expect(crash.contains("the flux capacitor broke"))
        #expect(shell.run("sql 'select 1 as x' | garbage") == .failure(.error))
        let garbage = shell.messages.take()
        #expect(garbage.contains("garbage"))
        #expect(garbage.contains("this is not json"))
        #expect(shell.results("sql 'select 2 as y'") == "y\r\n2\r\n")
    }

    @Test func pluginsHelpWarningsAndCompletion() throws {
        let plugins = try PluginFixtures()
        let provider = plugins.provider()
        let shell = try TestShell(stages: provider)
        let listing = shell.results(".plugins")
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("zscore ") && $0.contains("transform") && $0.contains(" ok ") })
        #expect(lines.contains { $0.hasPrefix("crash ") && $0.contains(" ok ") })
        #expect(lines.contains { $0.hasPrefix("broken ") && $0.contains("broken") })
        #expect(lines.contains { $0.hasPrefix("daily ") && $0.contains("built-in wins") })
        #expect(listing.contains("unknown kind \"filter\""))
        // The clash is a warning, printed once.
        #expect(shell.messages.text.contains("warning: plugin 'daily'"))
        #expect(shell.messages.take().components(separatedBy: "warning:").count == 2)
        _ = shell.results(".plugins")
        #expect(shell.messages.text == "")

        let help = shell.results(".help zscore")
        #expect(help.hasPrefix("zscore (transform)"))
        #expect(help.contains("examples:"))
        #expect(help.contains("plugin: \(plugins.directory.path)/energiflow-zscore (found in ./plugins)"))
        #expect(shell.results(".help broken").contains("unknown kind"))
        #expect(shell.results(".help").contains("zscore"))

        let completer = Completer(stages: { provider.registryIfReady() }, library: shell.session.library)
        #expect(completer.candidates(CompletionContext(line: "daily | zs")) == ["zscore"])
        #expect(completer.candidates(CompletionContext(line: "daily | zscore th")) == ["threshold="])
    }
}
