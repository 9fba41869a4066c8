import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Services
import Store
import TestSupport
import Testing

@Suite("faults: killed consumer, PostgreSQL restarted, broker away, malformed messages from kcat")
struct FaultTests {
    static let elspot2024 = "ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/energiflow-ingest-\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("kill -9 of `energiflow consume` at random moments, restarted each time: every row once, the rollup exact")
    func killedConsumer() throws {
        let pipeline = try Pipeline()
        let total = try pipeline.publish(Self.elspot2024)
        let state = try Self.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(at: state) }
        var environment = pipeline.environment
        environment["KAFKA_BROKERS"] = pipeline.cluster.bootstrapServers
        environment["XDG_STATE_HOME"] = state.path
        func stored() -> Int {
            (try? pipeline.count("SELECT coalesce(sum(next_offset), 0)::bigint FROM energi_consumer_offsets")) ?? 0
        }
        // Small batches (many transactions, two writers committing in order), so
        // that a kill lands mid-batch, between batches, or mid-commit.
        var midwayKills = 0
        for _ in 0..<4 {
            let before = stored()
            guard before < total else { break }
            let child = try IngestProcess(["consume", "--dataset", "elspot", "--batch-size", "200", "--writers", "2"],
                                          environment: environment)
            // Let it store something (joining the group takes seconds), then kill it a moment later.
            let deadline = Date().addingTimeInterval(60)
            while stored() == before && child.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.25))
            child.kill9()
            if stored() < total { midwayKills += 1 }
        }
        #expect(midwayKills >= 2, "the kills should come before the end")
        let final = try IngestProcess.run(["consume", "--dataset", "elspot", "--until-idle", "--idle", "1"], environment: environment, timeout: 240)
        #expect(final.status == 0, "\(final.output)")
        #expect(final.output.contains("caught up"), "\(final.output)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == total)
        #expect(try pipeline.count("SELECT count(DISTINCT natural_key) FROM energi_records") == total)
        #expect(try pipeline.count("SELECT count(DISTINCT kafka_offset) FROM energi_records") == total)
        #expect(stored() == total)
        // The rollup maintained batch by batch equals one computed from scratch.
        let maintained = try RollupSnapshot.take(pipeline.connection)
        #expect(try RollupSnapshot.recomputed(pipeline.connection) == maintained)
        #expect(maintained.count == 366 * 7)
    }

    @Test("PostgreSQL stopped and started during consumption: the consumer waits, reconnects, resumes; nothing lost")
    func postgresRestarted() throws {
        let directory = try Self.temporaryDirectory("pg")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["HOME": "/nonexistent", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let connector = DatabaseConnector(environment: environment, dataDirectory: directory)
        guard case .embedded(let server) = connector.target else {
            Issue.record("expected a private PostgreSQL")
            return
        }
        let connection = try connector.connect()
        defer { _ = try? server.stop() }

        let cluster = try EmbeddedKafkaCluster()
        try cluster.createTopic("elspot_topic")
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded("ElspotPrices_DK1_hourly_2022-10-25_2025-09-30_DKtime.csv")).records
        var configuration = cluster.configuration
        for (key, value) in RecordPublisher.producerProperties { configuration[key] = value }
        let publisher = RecordPublisher(producer: try KafkaProducer(configuration: configuration), topics: TopicMap())

        let producerDone = IngestStop()
        let consumer = StoreConsumer(
            kafka: cluster.configuration, connection: connection,
            options: .init(datasets: [.elspotPrices], batchMessages: 1000, untilIdle: .seconds(1),
                           reconnect: RetryPolicy(maxAttempts: .max, baseDelay: 0.2, maxDelay: 1), giveUpAfter: 120))
        let result = ResultBox<(ConsumerStatistics, StoreConsumer.Ending)>()
        let thread = Thread { result.set(Result { try consumer.run(stop: IngestStop(), mayStopWhenIdle: { producerDone.isStopped }) }) }
        thread.start()

        let half = records.count / 2
        for record in records[..<half] { try publisher.publish(record) }
        try publisher.flush()
        let watcher = try PostgresConnection(connection.configuration)
        let deadline = Date().addingTimeInterval(60)
        while (try watcher.query("SELECT count(*) FROM energi_records").scalar?.int ?? 0) == 0 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try server.stop(), "stopped the server under the consumer")
        for record in records[half...] { try publisher.publish(record) }
        try publisher.flush()
        Thread.sleep(forTimeInterval: 3)
        #expect(try server.start())
        producerDone.stop()
        let (statistics, ending) = try result.wait(timeout: 180)
        #expect(ending == .caughtUp)
        #expect(statistics.reconnects >= 1)
        let check = try PostgresConnection(connection.configuration)
        #expect(try check.query("SELECT count(*) FROM energi_records").scalar?.int == Int64(records.count))
        #expect(try check.query("SELECT count(DISTINCT natural_key) FROM energi_records").scalar?.int == Int64(records.count))
        #expect(try StoredOffsets.load(group: "energiflow-store", check).first?.nextOffset == Int64(records.count))
    }

    @Test("the broker away for a while: the producer retries, nothing is lost once it is back")
    func brokerDown() throws {
        let pipeline = try Pipeline()
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded("DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv")).records
        let publisher = try pipeline.publisher()
        for record in records[..<300] { try publisher.publish(record) }
        try publisher.flush(timeout: .seconds(30))
        try pipeline.cluster.setBrokerDown(1)
        for record in records[300...] { try publisher.publish(record) }
        Thread.sleep(forTimeInterval: 3)
        #expect(publisher.producer.undeliveredCount > 0, "nothing can be delivered while the broker is down")
        try pipeline.cluster.setBrokerUp(1)
        let delivery = try publisher.flush(timeout: .seconds(120))
        #expect(delivery.failed == 0)
        #expect(delivery.delivered >= records.count)
        let statistics = try pipeline.consume()
        #expect(statistics.stored == records.count)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == records.count)
    }

    @Test("the broker away while consuming: the consumer waits and goes on")
    func brokerDownWhileConsuming() throws {
        let pipeline = try Pipeline()
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.elspot2024)).records
        let publisher = try pipeline.publisher()
        for record in records[..<20_000] { try publisher.publish(record) }
        try publisher.flush()
        let producerDone = IngestStop()
        let consumer = StoreConsumer(kafka: pipeline.kafka, connection: pipeline.connection,
                                     options: .init(batchMessages: 2000, untilIdle: .seconds(1)))
        let result = ResultBox<(ConsumerStatistics, StoreConsumer.Ending)>()
        Thread { result.set(Result { try consumer.run(stop: IngestStop(), mayStopWhenIdle: { producerDone.isStopped }) }) }.start()
        let deadline = Date().addingTimeInterval(60)
        while (try pipeline.count("SELECT count(*) FROM energi_records")) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try pipeline.cluster.setBrokerDown(1)
        Thread.sleep(forTimeInterval: 3)
        try pipeline.cluster.setBrokerUp(1)
        for record in records[20_000...] { try publisher.publish(record) }
        try publisher.flush(timeout: .seconds(120))
        producerDone.stop()
        let (statistics, ending) = try result.wait(timeout: 180)
        #expect(ending == .caughtUp)
        #expect(statistics.rejected == 0)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == records.count)
    }

    static let kcatInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/kcat")
        || FileManager.default.isExecutableFile(atPath: "/opt/homebrew/bin/kcat")

    @Test("malformed messages produced with kcat (not JSON, missing fields, wrong types, 5 MB) become rejects; valid ones around them are stored")
    func kcatMalformed() throws {
        try #require(Self.kcatInstalled, "kcat is not installed (scripts/setup installs it)")
        let pipeline = try Pipeline()
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded("DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv")).records
        let valid = records.prefix(20).map { String(decoding: $0.messageValue, as: UTF8.self) }
        let huge = #"{"TimeUTC":"2026-03-08T00:00:00","PriceArea":"DK2","DayAheadPriceEUR":1,"Padding":""#
            + String(repeating: "x", count: 5 * 1024 * 1024) + #""}"#
        let bad: [(value: String, reason: String)] = [
            ("this is not JSON", "not JSON"),
            (#"{"TimeUTC":"2026-03-08T00:00:00","PriceArea":"DK2"}"#, "missing field DayAheadPriceEUR"),
            (#"{"TimeUTC":"2026-03-08T00:00:00","PriceArea":"DK2","DayAheadPriceEUR":"cheap"}"#, "DayAheadPriceEUR is not a number"),
            (#"{"TimeUTC":20260308,"PriceArea":"DK2","DayAheadPriceEUR":1}"#, "TimeUTC is not a time"),
            (#"{"TimeUTC":"2026-03-08T00:00:00","PriceArea":["DK2"],"DayAheadPriceEUR":1}"#, "PriceArea is not text"),
            (huge, "value too large"),
        ]
        let lines = valid[..<10] + bad.map(\.value) + valid[10...]
        // kcat's producer refuses messages over ~1 MB by default: allow 10 MB, and
        // compress (the embedded cluster keeps only ~5 MB of batches per partition).
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("kcat-\(UUID().uuidString).txt")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let kcat = Process()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        kcat.arguments = ["kcat", "-b", pipeline.cluster.bootstrapServers, "-P", "-t", "dayahead_topic",
                          "-X", "message.max.bytes=10485760", "-z", "zstd", "-l", input.path]
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        kcat.waitUntilExit()
        try #require(kcat.terminationStatus == 0)

        let statistics = try pipeline.consume()
        #expect(statistics.messages == 26)
        #expect(statistics.stored == 20)
        #expect(statistics.rejected == bad.count)
        let rejects = try pipeline.connection.query("SELECT kafka_offset, reason, length(raw) FROM energi_rejects ORDER BY kafka_offset")
        #expect(rejects.rows.map { $0[0].int } == (10..<16).map { Int64($0) })
        for (row, expected) in zip(rejects.rows, bad) {
            #expect(row[1].string?.contains(expected.reason) == true, "\(row[1].string ?? "nil") should say \(expected.reason)")
            #expect(row[2].int == Int64(expected.value.utf8.count), "the raw bytes are kept whole")
        }
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 20)
    }
}

/// A value handed from a thread to the test, once.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, Error>?

    func set(_ value: Result<T, Error>) {
        condition.withLock {
            result = value
            condition.broadcast()
        }
    }

    func wait(timeout: TimeInterval) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        let value = condition.withLock { () -> Result<T, Error>? in
            while result == nil { if !condition.wait(until: deadline) { break } }
            return result
        }
        guard let value else { throw TimeoutError(description: "timed out after \(Int(timeout)) s") }
        return try value.get()
    }
}

/// A test's wait that ran out of time.
struct TimeoutError: Error, CustomStringConvertible {
    var description: String
}
