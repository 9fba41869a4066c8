import Foundation
import Stages
import TestSupport
import Testing

/// The help examples that read Kafka run on a cluster holding the demo's
/// data (sent just now, so from=-10m finds it too) and show rows.
@Suite struct LiveExamplesTests {
    static let examples: [String] = BuiltinStages.registry.allSpecs.flatMap(\.examples).filter { $0.hasPrefix("tail ") }

    static let kafka: Result<LiveKafka, any Error> = Result {
        let kafka = try LiveKafka()
        try kafka.publish(LiveKafka.demoFiles)
        return kafka
    }

    @Test func thereAreLiveExamples() {
        #expect(Self.examples.count >= 6)
        #expect(Self.examples.contains { $0.contains("| window 1d") })
    }

    @Test(arguments: examples)
    func exampleRuns(_ example: String) throws {
        let kafka = try Self.kafka.get()
        let output = TextOutput()
        let summaries = try Executor().execute(example, context: kafka.context(output: output))
        #expect(summaries.count == 1)
        #expect((summaries.first?.rows ?? 0) > 0, "\(example) shows no rows")
        #expect(!output.text.isEmpty)
    }

    /// `lag` reads the broker and the store: on the loaded cluster and the
    /// recorded store (where no group stored anything yet), one row per
    /// partition of the store's group, its lag the whole partition.
    @Test(arguments: BuiltinStages.registry.allSpecs.flatMap(\.examples).filter { $0.hasPrefix("lag") })
    func lagExampleRuns(_ example: String) throws {
        let kafka = try Self.kafka.get()
        let output = TextOutput()
        let context = ExecutionContext(database: LazyDatabase(try StagesFixtureStore.shared()), kafka: kafka.provider,
                                       output: output)
        let summaries = try Executor().execute(example, context: context)
        #expect((summaries.first?.rows ?? 0) > 0, "\(example) shows no rows")
        #expect(output.text.contains("elspot_topic"))
    }
}
