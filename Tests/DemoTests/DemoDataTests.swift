@testable import Demo
import EnergiData
import ErrorReporting
import Foundation
import Ingest
import Kafka
import Stages
import Tabular
import TestSupport
import Testing

/// The demo's data and its replay, on the bundled files (Energinet, CC BY 4.0).
@Suite struct DemoDataTests {
    static var directory: URL { TestPaths.packageRoot.appendingPathComponent("queries/demo") }

    /// Data rows of a bundled CSV file (the header and blank lines left out).
    static func dataRows(_ name: String) throws -> Int {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().filter { !$0.isEmpty }.count
    }

    @Test func theBundledFilesAreReadWholeInEventTimeOrder() throws {
        let data = try DemoData(directory: Self.directory)
        let prices = try Self.dataRows("ElspotPrices_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv")
        let others = try Self.dataRows("ElspotPrices_DK1-DE-SE4_hourly_2024-08-29_2024-11-06_DKtime.csv")
        let balance = try Self.dataRows("ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv")
        #expect(prices == 1681 && others == 3 * 1681 && balance == 1681)
        #expect(data.records.count == prices + others + balance)
        #expect(Set(data.datasets) == [.elspotPrices, .electricityBalanceNonv])
        #expect(data.areas == ["DE", "DK1", "DK2", "SE4"])
        let times = data.records.map(\.time)
        #expect(times == times.sorted())
        // 2024-08-29 00:00 and 2024-11-06 23:00 in Denmark.
        #expect(data.first == Date(timeIntervalSince1970: 1_724_882_400))
        #expect(data.last == Date(timeIntervalSince1970: 1_730_930_400))
        // 56 Danish days after the first: 2024-10-24 00:00 in Denmark (22:00 UTC the day before).
        #expect(data.cutoff(afterDays: 56) == Date(timeIntervalSince1970: 1_729_720_800))
        #expect(data.cutoff(afterDays: 0) == data.first)
    }

    @Test func missingDataIsAClearError() {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("demo-empty-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = #expect(throws: DemoError.self) { try DemoData(directory: empty) }
        #expect(error?.code == .data && error.map { ErrorReport($0).status } == .error)
        #expect(error?.message.contains("no CSV files") == true)
    }

    @Test func theReplaySendsTheHistoryAtOnceThenPacesTheRest() throws {
        let data = try DemoData(directory: Self.directory)
        let cluster = try EmbeddedKafkaCluster()
        for dataset in Dataset.allCases { try cluster.createTopic(dataset.defaultTopic, partitions: 1) }
        let producer = try KafkaProducer(configuration: cluster.configuration)
        let stop = IngestStop()
        // The last day paced at 100,000× real time (24 hours in under a second).
        let cutoff = try #require(data.cutoff(afterDays: 69))
        let replay = DemoReplay(records: data.records, cutoff: cutoff, speed: 100_000,
                                publisher: RecordPublisher(producer: producer, topics: TopicMap()), stop: stop)
        // The last day: 24 hours of four areas' prices and of DK2's production.
        #expect(replay.history.count == data.records.count - 24 * 5)
        #expect(replay.history.allSatisfy { $0.time < cutoff })
        replay.start()
        try replay.wait()
        #expect(replay.published == data.records.count)
        // Everything is in Kafka: a tail from the beginning to the end sees every price.
        let context = ExecutionContext(kafka: FixedKafka(bootstrapServers: cluster.bootstrapServers), output: TextOutput())
        let prices = try Executor().rows(of: "tail prices from=beginning to=end", context: context)
        #expect(prices.count == 4 * 1681)
    }

    @Test func stoppingTheReplayStopsItEarly() throws {
        let data = try DemoData(directory: Self.directory)
        let cluster = try EmbeddedKafkaCluster()
        for dataset in Dataset.allCases { try cluster.createTopic(dataset.defaultTopic, partitions: 1) }
        let producer = try KafkaProducer(configuration: cluster.configuration)
        let stop = IngestStop()
        // One market hour a second: the paced part would take days.
        let replay = DemoReplay(records: data.records, cutoff: data.cutoff(afterDays: 1), speed: 1,
                                publisher: RecordPublisher(producer: producer, topics: TopicMap()), stop: stop)
        replay.start()
        Thread.sleep(forTimeInterval: 0.3)
        stop.stop()
        try replay.wait()
        #expect(replay.published >= replay.history.count)
        #expect(replay.published < data.records.count)
    }
}
