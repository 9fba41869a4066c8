import Foundation
import Query
import Rules
import Tabular
import TestSupport

/// Shared helpers: the shipped rules files and running rules on rows.
enum TestRules {
    static let shippedDirectory = TestPaths.packageRoot.appendingPathComponent("queries/rules")

    /// The issue's example, verbatim.
    static let issueExample = """
          # default.rules: each day against the window's averages, per area
          BUY      when price < avg(price) and production > avg(production)   "low price with strong production"
          AVOID    when price > avg(price) and production < avg(production)   "high price and weak production"
          MONITOR  otherwise                                                   "mixed market signals"
        """

    static func shipped(_ name: String) throws -> RuleSet {
        try RuleFileLocator.load(shippedDirectory.appendingPathComponent(name + ".rules"), shownAs: name + ".rules")
    }

    /// The rendered error of parsing (and, given rows, applying) `text`, or "no error".
    static func error(_ text: String, name: String? = "test.rules", on input: RowSet? = nil,
                      aliases: ColumnAliases = [:]) -> String {
        do {
            let rules = try RuleSet.parse(text, name: name)
            if let input { _ = try rules.apply(to: input, aliases: aliases) }
            return "no error"
        } catch {
            return error.rendered()
        }
    }

    /// Decisions (column `decision`) of `output`, as strings ("null" for none).
    static func decisions(_ output: RowSet) -> [String] {
        output.values(of: "decision")?.map { $0.text ?? "null" } ?? []
    }

    static func reasons(_ output: RowSet) -> [String] {
        output.values(of: "reason")?.map { $0.text ?? "null" } ?? []
    }
}
