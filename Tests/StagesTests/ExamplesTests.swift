import Foundation
import Query
import Stages
import Testing

/// Every example in every stage's help runs on the recorded data and shows rows
/// (those reading Kafka, `tail …` and `lag …`, run in LiveExamplesTests on a loaded cluster).
@Suite struct ExamplesTests {
    static let examples: [String] = BuiltinStages.registry.allSpecs.flatMap(\.examples).filter { !$0.hasPrefix("tail ") && !$0.hasPrefix("lag") }
    static let functionExamples: [String] = FunctionTable.visible.flatMap(\.examples)

    @Test func everyStageIsRegisteredWithHelpAndExamples() throws {
        let registry = try BuiltinStages.makeRegistry()
        #expect(registry.names == ["prices", "production", "daily", "hourly", "total", "raw", "sql", "note", "tail", "lag",
                                   "where", "select", "extend", "summarize", "pivot", "join",
                                   "sort", "limit", "top", "decide", "spark", "window",
                                   "table", "csv", "json", "markdown", "chart", "bar", "print"])
        #expect(BuiltinStages.registry.count == registry.count)
        for spec in registry.allSpecs {
            #expect(spec.examples.count >= 2, "\(spec.name) needs at least two examples")
            #expect(!spec.summary.isEmpty)
            for argument in spec.arguments { #expect(!argument.help.isEmpty, "\(spec.name).\(argument.name)") }
            // Each example uses its stage.
            #expect(spec.examples.allSatisfy { $0.contains(spec.name) }, "\(spec.name)")
        }
        #expect(registry.specs(of: .source).count == 10 && registry.specs(of: .sink).count == 7)
        let help = try registry.help(for: "daily")
        #expect(help.contains("examples:\n  daily area=DK1 last=30d"))
    }

    @Test func everyFunctionHasHelpAndAnExample() throws {
        #expect(FunctionTable.names == ["abs", "round", "coalesce", "if", "hour", "weekday", "day", "month", "year", "week",
                                        "bin", "count", "sum", "avg", "min", "max", "median", "p", "stddev", "corr"])
        for function in FunctionTable.visible {
            #expect(!function.summary.isEmpty && !function.examples.isEmpty, "\(function.name)")
            #expect(function.examples.allSatisfy { $0.contains(function.name + "(") }, "\(function.name)")
            #expect(function.help.contains(function.signature) && function.help.contains("examples:"))
        }
        let overview = FunctionTable.overview()
        #expect(overview.contains("round(x[, digits])") && overview.contains("p(N, x)"))
    }

    @Test(arguments: functionExamples)
    func functionExampleRuns(_ example: String) throws {
        try exampleRuns(example)
    }

    @Test(arguments: examples)
    func exampleRuns(_ example: String) throws {
        let output = TextOutput()
        let summaries = try Executor().execute(example, context: try Fixture.context(output: output))
        #expect(summaries.count == 1)
        #expect((summaries.first?.rows ?? 0) > 0, "\(example) shows no rows on the recorded data")
        #expect(!output.text.isEmpty)
    }
}
