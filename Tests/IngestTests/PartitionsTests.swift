import EnergiData
import Foundation
@testable import Ingest
import Kafka
import Postgres
import Store
import TestSupport
import Testing

/// How records spread over partitions, what a group's lag is, and a
/// producer that waits for the group rather than outrun the embedded broker.
@Suite struct PartitionsTests {
    static let balance = "ElectricityBalanceNonv_DK1-DK2_hourly_2019-01-01_2019-12-31_DKtime.csv"
    static let prices = "ElspotPrices_DK2_hourly_2017-01-01_2022-10-19_DKtime.csv"

    /// kcat's view of a topic: (partition, key) of every message, in each partition's order.
    static func messages(_ topic: String, at address: String) throws -> [(partition: Int, key: String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = ["-b", address, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p\t%k\n"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let partition = Int(parts[0]) else { return nil }
            return (partition, String(parts[1]))
        }
    }

    /// FNV-1a 64, written here from its definition.
    static func fnv(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }

    @Test("a day of one dataset and area travels in one partition, chosen by FNV-1a of dataset|area|day")
    func aDayTravelsInOnePartition() throws {
        let pipeline = try Pipeline(partitions: 4)
        try pipeline.publish(Self.balance, Self.prices)
        for topic in ["balance_topic", "elspot_topic"] {
            let messages = try Self.messages(topic, at: pipeline.cluster.bootstrapServers)
            #expect(messages.count > 17_000)
            var partitionOf: [String: Int] = [:]
            var lastTime: [String: Date] = [:]
            for message in messages {
                // Natural key: Dataset|2019-01-01T00:00:00Z|DK1[|…]
                let parts = message.key.split(separator: "|")
                let time = try #require(IngestCSV.utc(String(parts[1])))
                let day = "\(parts[0])|\(parts[2])|\(IngestCSV.danishDay(time))"
                #expect(partitionOf[day, default: message.partition] == message.partition, "\(day) in two partitions")
                partitionOf[day] = message.partition
                #expect(Int(Self.fnv(day) % 4) == message.partition, "\(day)")
                // In the order sent: time ascending within a day.
                if let last = lastTime[day] { #expect(time >= last) }
                lastTime[day] = time
            }
            #expect(Set(messages.map(\.partition)) == [0, 1, 2, 3])
        }
    }

    @Test("the group's lag per partition, from the broker's watermarks and the store's offsets, and who holds what")
    func groupStatus() throws {
        let pipeline = try Pipeline(partitions: 4)
        try pipeline.publish(Self.prices)
        let topics = ["elspot_topic"]
        var (before, problem) = try GroupStatus.read(kafka: pipeline.kafka, topics: topics, pipeline.connection)
        #expect(problem == nil)
        #expect(before.count == 4)
        #expect(before.allSatisfy { $0.storedOffset == nil && $0.firstOffset == 0 && $0.member == nil })
        #expect(before.reduce(0) { $0 + ($1.lag ?? 0) } == 50_831)

        // While a consumer runs, it holds every partition.
        let stop = IngestStop()
        let done = DispatchSemaphore(value: 0)
        let consumer = StoreConsumer(kafka: pipeline.kafka, connection: try PostgresConnection(pipeline.database),
                                     options: .init(topics: pipeline.topics, datasets: [.elspotPrices]))
        Thread.detachNewThread {
            _ = try? consumer.run(stop: stop)
            done.signal()
        }
        var held: [PartitionStatus] = []
        for _ in 0..<200 {
            (held, _) = try GroupStatus.read(kafka: pipeline.kafka, topics: topics, pipeline.connection)
            if held.allSatisfy({ $0.member != nil && $0.lag == 0 }) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(held.allSatisfy { $0.member?.contains("pid \(getpid())") == true })
        #expect(held.allSatisfy { $0.lag == 0 && $0.storedOffset == $0.endOffset })
        stop.stop()
        #expect(done.wait(timeout: .now() + 30) == .success)
        (before, _) = try GroupStatus.read(kafka: pipeline.kafka, topics: topics, pipeline.connection)
        #expect(before.allSatisfy { $0.member == nil }, "a stopped consumer holds nothing")
        let report = GroupStatusReport.table(before, now: Date())
        #expect(report.contains("energiflow-store  elspot_topic"))
    }

    @Test("into a broker that keeps little, the producer waits for the group instead of losing messages")
    func theProducerWaitsForTheGroup() throws {
        let pipeline = try Pipeline(partitions: 1)
        var configuration = pipeline.kafka
        for (key, value) in RecordPublisher.producerProperties { configuration[key] = value }
        let producer = try KafkaProducer(configuration: configuration, measuresWire: true)
        var options = BrokerBacklogLimit.Options(group: StoreConsumer.Options.defaultGroup)
        options.bytesPerPartition = 200_000
        options.reportInterval = .milliseconds(500)
        options.reportAfter = .milliseconds(200)
        let said = LockedLines()
        let limit = try BrokerBacklogLimit(kafka: pipeline.kafka, producer: producer, options: options) { said.append($0) }
        let publisher = RecordPublisher(producer: producer, topics: pipeline.topics, backlogLimit: limit)
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.balance)).records
        let published = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for record in records { try? publisher.publish(record) }
            _ = try? publisher.flush(timeout: .seconds(60))
            published.signal()
        }
        // No consumer yet: it stops well short of the end and says why.
        #expect(published.wait(timeout: .now() + 4) == .timedOut)
        #expect(publisher.sent < records.count / 2)
        #expect(said.lines.contains { $0.contains("balance_topic[0] holds") && $0.contains("has not stored") })
        // A consumer starts: everything goes through, nothing is lost.
        let statistics = try pipeline.consume(until: { published.wait(timeout: .now()) == .success })
        #expect(publisher.sent == records.count)
        #expect(statistics.gaps.isEmpty)
        #expect(limit.waiting.times > 0)
        let expected = try ScaleOutTests.expectedRowCount(balanceOnly: true)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == expected)
    }
}

final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
