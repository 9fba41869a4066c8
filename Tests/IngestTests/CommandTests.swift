import EnergiData
import Foundation
import Ingest
import TestSupport
import Testing

/// `energiflow ingest` and `energiflow consume` as a user runs them (the built binary).
@Suite("the ingest and consume commands")
struct CommandTests {
    static let dayAhead = "DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"

    /// PG* for the pipeline's database, a private state directory (no shared broker).
    static func environment(_ pipeline: Pipeline, state: URL, kafka: Bool) -> [String: String] {
        var environment = pipeline.environment
        environment["XDG_STATE_HOME"] = state.path
        if kafka { environment["KAFKA_BROKERS"] = pipeline.cluster.bootstrapServers }
        return environment
    }

    @Test("ingest --from with no Kafka configured: Kafka runs inside the command, which stores what it produces and says so")
    func ingestInProcess() throws {
        let pipeline = try Pipeline()
        let state = try FaultTests.temporaryDirectory("state")
        defer { try? FileManager.default.removeItem(at: state) }
        let run = try IngestProcess.run(["ingest", "--from", TestPaths.recorded(Self.dayAhead).path],
                                        environment: Self.environment(pipeline, state: state, kafka: false))
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("so ingest stores what it produces too"), "\(run.output)")
        #expect(run.output.contains("delivered 672 messages to dayahead_topic"), "\(run.output)")
        #expect(run.output.contains("store: caught up: 672 messages read, 672 rows stored"), "\(run.output)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 672)
        #expect(try pipeline.count("SELECT count(*) FROM energi_daily WHERE price_intervals = 96") == 7)
    }

    @Test("ingest from the API into Kafka, then consume --until-idle into the store")
    func apiThenConsume() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let records = try RecordFileReader().read(contentsOf: TestPaths.recorded(Self.dayAhead)).records
        func page(_ slice: ArraySlice<EnergiRecord>) -> ReplayHTTPResponse {
            .json("{\"total\":672,\"dataset\":\"DayAheadPrices\",\"records\":["
                + slice.map { String(decoding: $0.messageValue, as: UTF8.self) }.joined(separator: ",") + "]}")
        }
        server.respond(to: "/dataset/DayAheadPrices", with: .text("busy", status: 500), page(records[0..<300]),
                       .tooManyRequests(retryAfter: "1"), page(records[300..<600]), page(records[600...]))
        let pipeline = try Pipeline()
        let state = try FaultTests.temporaryDirectory("state")
        defer { try? FileManager.default.removeItem(at: state) }
        let environment = Self.environment(pipeline, state: state, kafka: true)
        let ingest = try IngestProcess.run(["ingest", "--dataset", "dayahead", "--start", "2026-03-01", "--end", "2026-03-08",
                                            "--api-url", server.baseURL, "--page-size", "300", "--retry-delay", "0.1"],
                                           environment: environment)
        #expect(ingest.status == 0, "\(ingest.output)")
        #expect(ingest.output.contains("read 672 records of DayAheadPrices"), "\(ingest.output)")
        #expect(ingest.output.contains("delivered 672 messages to dayahead_topic"), "\(ingest.output)")
        #expect(ingest.output.contains("HTTP 500") && ingest.output.contains("429"), "\(ingest.output)")
        #expect(!ingest.output.contains("stores what it produces"), "Kafka is outside: nothing stored by ingest")
        #expect(server.requests(to: "/dataset/DayAheadPrices").map { $0.queryValue("offset") } == ["0", "0", "300", "300", "600"])
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 0)

        let consume = try IngestProcess.run(["consume", "--until-idle", "--idle", "0.5"], environment: environment)
        #expect(consume.status == 0, "\(consume.output)")
        #expect(consume.output.contains("caught up: 672 messages read, 672 rows stored"), "\(consume.output)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 672)
    }

    @Test("consume stops cleanly on SIGTERM, storing what it read, and exits 0")
    func sigterm() throws {
        let pipeline = try Pipeline()
        try pipeline.publish(Self.dayAhead)
        let state = try FaultTests.temporaryDirectory("state")
        defer { try? FileManager.default.removeItem(at: state) }
        let child = try IngestProcess(["consume"], environment: Self.environment(pipeline, state: state, kafka: true))
        let deadline = Date().addingTimeInterval(60)
        while (try pipeline.count("SELECT count(*) FROM energi_records")) < 672 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        child.process.terminate()
        let (status, output) = child.wait(timeout: 30)
        #expect(status == 0, "\(output)")
        #expect(output.contains("consume: stopped: 672 messages read, 672 rows stored"), "\(output)")
    }

    @Test("bad command lines say what is wrong")
    func usage() throws {
        let state = try FaultTests.temporaryDirectory("state")
        defer { try? FileManager.default.removeItem(at: state) }
        let environment = ["XDG_STATE_HOME": state.path, "DATABASE_URL": "postgresql://nobody@/nothing?host=/nonexistent"]
        let cases: [([String], String)] = [
            (["ingest"], "say what to ingest"),
            (["ingest", "--from", "x.csv", "--start", "2024-01-01"], "Use one or the other"),
            (["ingest", "--dataset", "spot", "--start", "2024-01-01"], "known datasets: ElspotPrices (elspot)"),
            (["ingest", "--start", "yesterday"], "is not a day or time"),
            (["ingest", "--dataset", "balance", "--from", "x.csv", "--speed", "0"], "--speed must be a positive number"),
            (["consume", "--elspot-topic", "t", "--dayahead-topic", "t"], "each dataset needs a topic of its own"),
            (["consume", "--kafka-property", "nonsense"], "is not key=value"),
        ]
        for (arguments, message) in cases {
            let run = try IngestProcess.run(arguments, environment: environment, timeout: 30)
            #expect(run.status != 0 && run.status != 3, "\(arguments)")
            #expect(run.output.contains(message), "\(arguments): \(run.output)")
        }
        let missing = try IngestProcess.run(["ingest", "--from", "/nonexistent/prices.csv"], environment: environment, timeout: 30)
        #expect(missing.status == 1, "\(missing.output)")
        #expect(missing.output.contains("cannot replay /nonexistent/prices.csv"), "\(missing.output)")
    }

    @Test("--speed replays in event-time order at a multiple of real time")
    func speed() throws {
        let pipeline = try Pipeline()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("speed-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        // Newest first, as the exports are; four hours of DK1 prices.
        try """
            HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR
            2024-01-01 03:00;2024-01-01 04:00;DK1;300,5;40,25
            2024-01-01 02:00;2024-01-01 03:00;DK1;-10,0;-1,5
            2024-01-01 01:00;2024-01-01 02:00;DK1;200,0;26,8
            2024-01-01 00:00;2024-01-01 01:00;DK1;100,0;13,4

            """.write(to: file, atomically: true, encoding: .utf8)
        let sources = try FileReplay.read([file])
        let start = Date()
        var times: [TimeInterval] = []
        let summary = try FileReplay(speed: 7200).run(sources, publisher: try pipeline.publisher(), stop: IngestStop()) { _ in
            times.append(Date().timeIntervalSince(start))
        }
        #expect(summary.published == 4)
        // An hour of market time is half a second here.
        #expect(times[3] >= 1.45 && times[3] < 5, "\(times)")
        #expect(times[1] >= 0.45)
        try pipeline.consume()
        let order = try pipeline.connection.query("SELECT spot_price_eur FROM energi_records ORDER BY kafka_offset").rows.map { $0[0].double }
        #expect(order == [13.4, 26.8, -1.5, 40.25])
    }
}
