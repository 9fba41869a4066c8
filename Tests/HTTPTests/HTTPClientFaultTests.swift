import Foundation
import HTTP
import Testing
import TestSupport

/// Failures: stalls, timeouts, cancellation, broken responses, bad requests.
@Suite struct HTTPClientFaultTests {
    let client = HTTPClient()

    @Test func stalledServerHitsTheLowSpeedLimit() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/stall", with: ReplayHTTPResponse(fault: .stallBeforeHeaders))
        let request = HTTPRequest(url: server.url("/stall"), totalTimeout: 60, lowSpeedTime: 1)
        let failure = try #require(await failedGet(client, request))
        #expect(failure.error.code == .timeout)
        #expect(failure.error.curlCode == 28)   // CURLE_OPERATION_TIMEDOUT
        #expect(failure.seconds >= 0.9)
        #expect(failure.seconds < 10)           // bounded: 1 s limit, far below the 60 s total
        #expect(server.requests(to: "/stall").count == 1)
    }

    @Test func stallAfterHeadersHitsTheTotalTimeout() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/slow", with: ReplayHTTPResponse(status: 200, body: Array(repeating: 65, count: 1000), fault: .stallAfterHeaders))
        let request = HTTPRequest(url: server.url("/slow"), totalTimeout: 1.5, lowSpeedTime: 60)
        let failure = try #require(await failedGet(client, request))
        #expect(failure.error.code == .timeout)
        #expect(failure.seconds >= 1.4)
        #expect(failure.seconds < 10)
        #expect(failure.error.message.contains(server.url("/slow")))
        #expect(failure.error.curlDetail?.isEmpty == false)
    }

    @Test func cancelFromAnotherThreadStopsTheTransfer() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/stall", with: ReplayHTTPResponse(fault: .stallBeforeHeaders))
        let cancellation = HTTPCancellation()
        Thread {
            Thread.sleep(forTimeInterval: 0.5)
            cancellation.cancel()
        }.start()
        let request = HTTPRequest(url: server.url("/stall"), totalTimeout: 60, lowSpeedTime: 60)
        let failure = try #require(await failedGet(client, request, cancellation: cancellation))
        #expect(failure.error.code == .cancelled)
        #expect(failure.seconds >= 0.4)
        #expect(failure.seconds < 5)   // libcurl's progress tick is about 1 s when idle
        #expect(server.requests(to: "/stall").count == 1)
    }

    @Test func cancelledTokenFailsBeforeAnyRequest() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let cancellation = HTTPCancellation()
        cancellation.cancel()
        let failure = await failedGet(client, HTTPRequest(url: server.url("/x")), cancellation: cancellation)
        #expect(failure?.error.code == .cancelled)
        #expect(server.requests.isEmpty)
    }

    @Test func truncatedBodyIsATransferError() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let json = #"{"total":2,"records":[{"HourUTC":"2024-09-24T22:00:00","PriceArea":"DK1"}]}"#
        server.respond(to: "/cut", with: ReplayHTTPResponse.json(json).with(fault: .truncate(keepingBytes: 20)))
        let failure = try #require(await failedGet(client, HTTPRequest(url: server.url("/cut"))))
        #expect(failure.error.code == .transfer)
        #expect(failure.error.curlCode == 18)   // CURLE_PARTIAL_FILE
    }

    @Test func connectionClosedWithoutAnswerIsATransferError() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/gone", with: ReplayHTTPResponse(fault: .closeWithoutResponse))
        let failure = try #require(await failedGet(client, HTTPRequest(url: server.url("/gone"))))
        #expect(failure.error.code == .transfer)
        #expect(failure.error.curlCode == 52)   // CURLE_GOT_NOTHING
    }

    @Test func refusedConnectionSaysCouldNotConnect() async throws {
        // A port that was just free: bind a server, stop it, connect there.
        let server = try ReplayHTTPServer()
        let url = server.url("/x")
        server.stop()
        let failure = try #require(await failedGet(client, HTTPRequest(url: url, connectTimeout: 5)))
        #expect(failure.error.code == .couldNotConnect)
        #expect(failure.error.message.contains("127.0.0.1"))
        #expect(failure.error.curlMessage != nil)
    }

    @Test func oversizedBodyIsRefused() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/big", with: ReplayHTTPResponse(body: Array(repeating: 0x41, count: 100_000)))
        let failure = try #require(await failedGet(client, HTTPRequest(url: server.url("/big"), maxBodyBytes: 1000)))
        #expect(failure.error.code == .responseTooLarge)
    }

    @Test(arguments: ["ftp://example.com/file", "example.com/path", "http://127.0.0.1/a b"])
    func unusableURLsAreRejected(url: String) async throws {
        let failure = await failedGet(client, HTTPRequest(url: url))
        #expect(failure?.error.code == .invalidRequest)
        #expect(failure?.error.message.contains(url) == true)
    }

    @Test func headerInjectionIsRejected() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/x"), headers: ["X-Evil": "a\r\nHost: elsewhere"])
        let failure = await failedGet(client, request)
        #expect(failure?.error.code == .invalidRequest)
        #expect(server.requests.isEmpty)
    }

    @Test func oneClientServesSeveralThreads() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/n", with: .text("n"))
        let client = self.client
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await onThread { try (0..<5).map { _ in try client.get(HTTPRequest(url: server.url("/n"))).status } }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses == Array(repeating: 200, count: 20))
        #expect(server.requests.count == 20)
    }
}
