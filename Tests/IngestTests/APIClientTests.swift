import EnergiData
import Foundation
import HTTP
import Ingest
import TestSupport
import Testing

/// The API client against a local server answering with recorded records in
/// the API's JSON form, and with the faults a public API has.
@Suite("Energi Data Service client: paging, rate limits, retries, broken answers")
struct APIClientTests {
    static let records: [EnergiRecord] = {
        (try? RecordFileReader().read(contentsOf: TestPaths.recorded("ElspotPrices_DK1_hourly_2022-10-25_2025-09-30_DKtime.csv")).records) ?? []
    }()

    /// An API answer: `{"total":…,"limit":…,"dataset":…,"records":[…]}`.
    static func page(_ records: ArraySlice<EnergiRecord>, total: Int, limit: Int = 100) -> ReplayHTTPResponse {
        let body = "{\"total\":\(total),\"limit\":\(limit),\"dataset\":\"ElspotPrices\",\"records\":["
            + records.map { String(decoding: $0.messageValue, as: UTF8.self) }.joined(separator: ",") + "]}"
        return .json(body)
    }

    static let path = "/dataset/ElspotPrices"

    static func client(_ server: ReplayHTTPServer, attempts: Int = 4, stall: TimeInterval = 30, areas: [String] = [],
                       log: Log = Log()) -> EnergiDataServiceClient {
        EnergiDataServiceClient(
            options: APIRequestOptions(baseURL: server.baseURL, pageSize: 100,
                                       retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.05, maxDelay: 0.2),
                                       stallTimeout: stall, areas: areas),
            log: { log.append($0) })
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test("pages follow with limit and offset, oldest first, start inclusive and end exclusive as given")
    func paging() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let records = Self.records.prefix(250)
        server.respond(to: Self.path, with: Self.page(records.prefix(100), total: 250),
                       Self.page(records.dropFirst(100).prefix(100), total: 250), Self.page(records.dropFirst(200), total: 250))
        var read: [EnergiRecord] = []
        let count = try Self.client(server, areas: ["DK1", "DK2"]).fetchAll(.elspotPrices, start: "2022-10-25", end: "2022-11-05T12:00") {
            read += $0.records
        }
        #expect(count == 250)
        #expect(read.map(\.messageKey) == records.map(\.messageKey))
        let requests = server.requests(to: Self.path)
        #expect(requests.map { $0.queryValue("offset") } == ["0", "100", "200"])
        #expect(requests.allSatisfy { $0.queryValue("limit") == "100" })
        #expect(requests.first?.queryValue("start") == "2022-10-25")
        #expect(requests.first?.queryValue("end") == "2022-11-05T12:00")
        #expect(requests.first?.queryValue("sort") == "HourUTC ASC")
        #expect(requests.first?.queryValue("filter") == #"{"PriceArea":["DK1","DK2"]}"#)
    }

    @Test("a backfill holds one page at a time: each is handed over before the next is asked for")
    func onePageAtATime() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let records = Self.records.prefix(1000)
        server.respond(to: Self.path, with: stride(from: 0, to: records.count, by: 100).map { start in
            Self.page(records.dropFirst(start).prefix(100), total: records.count)
        })
        var pages = 0
        var read: [EnergiRecord] = []
        let count = try Self.client(server).fetchAll(.elspotPrices, start: "2022-10-25", end: nil) { page in
            pages += 1
            // Only the pages handed over so far were asked for.
            #expect(server.requests(to: Self.path).count == pages)
            #expect(page.records.count == 100 && page.offset == (pages - 1) * 100)
            read += page.records
        }
        #expect(count == 1000 && pages == 10)
        #expect(read.map(\.messageValue) == records.map(\.messageValue))
    }

    @Test("HTTP 429 waits as long as Retry-After says, then goes on")
    func rateLimited() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: Self.path, with: .tooManyRequests(retryAfter: "1"), Self.page(Self.records.prefix(10), total: 10))
        let log = Log()
        let start = Date()
        let page = try Self.client(server, log: log).fetchPage(.elspotPrices, start: "2023-01-01", end: nil, offset: 0)
        #expect(Date().timeIntervalSince(start) >= 0.95)
        #expect(page.records.count == 10)
        #expect(server.requests(to: Self.path).count == 2)
        #expect(log.all.contains { $0.contains("429") && $0.contains("Retry-After") })
    }

    @Test("HTTP 500 then 200: retried with backoff")
    func serverErrorThenSuccess() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: Self.path, with: .text("database exploded", status: 500), .text("still", status: 503),
                       Self.page(Self.records.prefix(5), total: 5))
        let log = Log()
        let page = try Self.client(server, log: log).fetchPage(.elspotPrices, start: nil, end: nil, offset: 0)
        #expect(page.records.count == 5)
        #expect(server.requests(to: Self.path).count == 3)
        #expect(log.all.first?.contains("HTTP 500") == true)
        #expect(log.all.first?.contains("retrying") == true)
    }

    @Test("5xx for ever: gives up after the allowed tries, naming the URL and what the server said")
    func serverErrorForEver() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: Self.path, with: .text("<html>Service Unavailable</html>", status: 503))
        let error = try #require(throws: IngestError.self) {
            try Self.client(server, attempts: 3).fetchPage(.elspotPrices, start: "2024-01-01", end: nil, offset: 0)
        }
        #expect(error.code == .api)
        #expect(error.message.contains("503") && error.message.contains("3 times"))
        #expect(error.message.contains(server.baseURL + Self.path))
        #expect(error.message.contains("Service Unavailable"))
        #expect(server.requests(to: Self.path).count == 3)
    }

    @Test("a connection cut mid-answer (truncated JSON) is retried")
    func truncatedTransfer() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let full = Self.page(Self.records.prefix(50), total: 50)
        server.respond(to: Self.path, with: full.with(fault: .truncate(keepingBytes: 300)), full)
        let page = try Self.client(server).fetchPage(.elspotPrices, start: nil, end: nil, offset: 0)
        #expect(page.records.count == 50)
        #expect(server.requests(to: Self.path).count == 2)
    }

    @Test("an answer that is not the expected JSON is reported with the URL and its first bytes, never a crash")
    func badBodies() throws {
        let bodies: [(ReplayHTTPResponse, String)] = [
            (.json(#"{"total":5,"limit":100,"records":[{"HourUTC":"2024-01-01T00:00:00","Pri"#), #"{"total":5"#),
            (.text("<html><body>Maintenance</body></html>", contentType: "text/html"), "<html><body>Maintenance"),
            (.json(#"{"error":"unknown dataset"}"#), "no \"records\""),
            (.json(""), "empty"),
        ]
        for (response, shown) in bodies {
            let server = try ReplayHTTPServer()
            defer { server.stop() }
            server.respond(to: Self.path, with: response)
            let error = try #require(throws: IngestError.self) {
                try Self.client(server, attempts: 2).fetchPage(.elspotPrices, start: nil, end: nil, offset: 0)
            }
            #expect(error.code == .badResponse)
            #expect(error.message.contains(server.baseURL + Self.path), "\(error.message)")
            #expect(error.message.contains(shown), "\(error.message) should show \(shown)")
            #expect(server.requests(to: Self.path).count == 2, "retried once, then given up")
        }
    }

    @Test("a stalled connection times out and is retried")
    func stalled() throws {
        for fault in [ReplayHTTPResponse.Fault.stallBeforeHeaders, .stallAfterHeaders] {
            let server = try ReplayHTTPServer()
            defer { server.stop() }
            let good = Self.page(Self.records.prefix(3), total: 3)
            server.respond(to: Self.path, with: good.with(fault: fault), good)
            let start = Date()
            let page = try Self.client(server, stall: 1).fetchPage(.elspotPrices, start: nil, end: nil, offset: 0)
            #expect(page.records.count == 3)
            #expect(Date().timeIntervalSince(start) < 20)
            #expect(server.requests(to: Self.path).count == 2)
        }
    }

    @Test("404 fails at once, with the URL")
    func notFound() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let error = try #require(throws: IngestError.self) {
            try Self.client(server).fetchPage(.dayAheadPrices, start: nil, end: nil, offset: 0)
        }
        #expect(error.code == .api && error.message.contains("404") && error.message.contains("/dataset/DayAheadPrices"))
        #expect(server.requests.count == 1)
    }

    @Test("records without key fields are skipped and counted, the rest read")
    func unreadableRecords() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let good = Self.records.prefix(3).map { String(decoding: $0.messageValue, as: UTF8.self) }
        server.respond(to: Self.path, with: .json(#"{"total":4,"records":["# + good.joined(separator: ",")
            + #",{"HourUTC":"soon","PriceArea":"DK1","SpotPriceEUR":1}]}"#))
        let page = try Self.client(server).fetchPage(.elspotPrices, start: nil, end: nil, offset: 0)
        #expect(page.records.count == 3 && page.rejects.count == 1 && page.total == 4)
    }

    @Test("--follow polls from the newest stored time, in Danish local time")
    func follow() throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: Self.path, with: Self.page(Self.records.prefix(2), total: 2), Self.page(Self.records.prefix(0), total: 0))
        let pipeline = try Pipeline()
        let stop = IngestStop()
        // 2024-10-27T01:30Z is 02:30 Danish summer time; 2024-06-01T12:00Z is 14:00.
        let stored = IngestCSV.utc("2024-06-01T12:00:00")
        let live = LiveIngest(
            options: .init(datasets: [.elspotPrices], follow: true, pollInterval: 0.2),
            client: Self.client(server), publisher: try pipeline.publisher(),
            newestStored: { _ in stored }, stop: stop)
        Thread { Thread.sleep(forTimeInterval: 1.5); stop.stop() }.start()
        let summary = try live.run()
        #expect(summary.polls >= 3)
        let starts = server.requests(to: Self.path).map { $0.queryValue("start") }
        #expect(starts.first == "2024-06-01T14:00")
        // The records published (2022) are older than the stored time, so later polls start there too.
        #expect(Set(starts) == ["2024-06-01T14:00"])
        #expect(summary.published == 2)
    }

    @Test("backoff is exponential, jittered and bounded")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 10)
        #expect((1...6).map(policy.nominalDelay(afterAttempt:)) == [1, 2, 4, 8, 10, 10])
        for attempt in 1...8 {
            let delay = policy.delay(afterAttempt: attempt)
            let nominal = policy.nominalDelay(afterAttempt: attempt)
            #expect(delay >= nominal / 2 && delay <= nominal)
        }
        #expect(Set((0..<20).map { _ in policy.delay(afterAttempt: 4) }).count > 1, "jittered")
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test("topics: defaults, a prefix, one per dataset, and clashes refused")
    func topics() {
        #expect(TopicMap().topic(for: .elspotPrices) == "elspot_topic")
        let prefixed = TopicMap(prefix: "demo_", overrides: [.dayAheadPrices: "prices15"])
        #expect(prefixed.topic(for: .declarationProduction) == "demo_declaration_topic")
        #expect(prefixed.topic(for: .dayAheadPrices) == "prices15")
        #expect(prefixed.dataset(forTopic: "prices15") == .dayAheadPrices)
        #expect(prefixed.topics(for: [.elspotPrices, .dayAheadPrices]) == ["demo_elspot_topic", "prices15"])
        #expect(prefixed.problems.isEmpty)
        let clash = TopicMap(overrides: [.elspotPrices: "prices", .dayAheadPrices: "prices"])
        #expect(clash.problems.first?.contains("DayAheadPrices and ElspotPrices") == true)
    }
}
