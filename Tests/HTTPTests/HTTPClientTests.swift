import Basics
import Foundation
import HTTP
import Testing
import TestSupport

/// HTTPClient against a real local HTTP/1.1 server (ReplayHTTPServer).
@Suite struct HTTPClientTests {
    let client = HTTPClient()

    @Test func gzipBodyIsDecoded() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        let original = try Data(contentsOf: TestPaths.recorded("DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"))
        let plain = ReplayHTTPResponse(status: 200, headers: [("Content-Type", "text/csv")], body: Array(original))
        let encoded = try plain.gzipped()
        // The server really sends gzip (magic bytes 1f 8b) and fewer bytes than the file.
        #expect(encoded.body.prefix(2) == [0x1f, 0x8b])
        #expect(encoded.body.count < original.count)
        server.respond(to: "/data.csv", with: encoded)

        let response = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/data.csv"))) }
        #expect(response.status == 200)
        #expect(response.body == original)
        #expect(response.headers["content-encoding"] == "gzip")
        let acceptEncoding = server.requests.first?.header("Accept-Encoding") ?? ""
        #expect(acceptEncoding.contains("gzip"))
    }

    @Test func notFoundIsAResponseNotAnError() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/dataset/NoSuchDataset", with: .json(#"{"error":"dataset not found"}"#, status: 404))
        let response = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/dataset/NoSuchDataset"))) }
        #expect(response.status == 404)
        #expect(!response.isSuccess)
        #expect(response.text == #"{"error":"dataset not found"}"#)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
    }

    @Test func tooManyRequestsCarriesRetryAfterSeconds() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/dataset/ElspotPrices", with: .tooManyRequests(retryAfter: "7"))
        let response = try await onThread { [client] in
            try client.get(HTTPRequest(url: server.url("/dataset/ElspotPrices?limit=10")))
        }
        #expect(response.status == 429)
        #expect(response.retryAfter() == 7)
    }

    @Test func tooManyRequestsCarriesRetryAfterDate() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/dataset/ElspotPrices", with: .tooManyRequests(retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"))
        let response = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/dataset/ElspotPrices"))) }
        // 2015-10-21T07:28:00Z is 1445412480 s after the epoch (computed independently).
        #expect(response.retryAfter(now: Date(timeIntervalSince1970: 1_445_412_480 - 90)) == 90)
        #expect(response.retryAfter(now: Date(timeIntervalSince1970: 1_445_412_480 + 5)) == 0)
    }

    @Test func serverErrorThenSuccessFollowsTheScript() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/flaky", with: .text("oops", status: 500), .text("fine"))
        let statuses = try await onThread { [client] in
            try (0..<3).map { _ in try client.get(HTTPRequest(url: server.url("/flaky"))).status }
        }
        #expect(statuses == [500, 200, 200])   // the last response repeats
        #expect(server.requests(to: "/flaky").count == 3)
    }

    @Test func redirectIsFollowed() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/old", with: .redirect(to: "/new?page=2", status: 301))
        server.respond(to: "/new", with: .text("moved here"))
        let response = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/old"))) }
        #expect(response.status == 200)
        #expect(response.text == "moved here")
        #expect(response.effectiveURL == server.url("/new?page=2"))
        #expect(server.requests.map(\.target) == ["/old", "/new?page=2"])
        // Headers are those of the final response, not of the redirect.
        #expect(response.headers["Location"] == nil)
    }

    @Test func redirectLoopStopsAtTheLimit() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/loop", with: .redirect(to: "/loop"))
        let failure = await failedGet(client, HTTPRequest(url: server.url("/loop"), maxRedirects: 3))
        #expect(failure?.error.code == .tooManyRedirects)
        #expect(server.requests(to: "/loop").count == 4)   // the request and 3 redirects
        #expect(failure?.error.message.contains(server.url("/loop")) == true)
    }

    @Test func redirectsCanBeLeftToTheCaller() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/old", with: .redirect(to: "/new"))
        let response = try await onThread { [client] in
            try client.get(HTTPRequest(url: server.url("/old"), followRedirects: false))
        }
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/new")
        #expect(server.requests.count == 1)
    }

    @Test func userAgentAndExtraHeadersReachTheServer() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/ua", with: .text("ok"))
        _ = try await onThread { [client] in
            try client.get(HTTPRequest(url: server.url("/ua?x=%C3%A6"), headers: ["Accept": "application/json"]))
        }
        let request = try #require(server.requests.first)
        #expect(request.header("User-Agent") == "EnergiFlow/\(EnergiFlowVersion.current) (+https://github.com/energiflow/energiflow)")
        #expect(request.header("user-agent")?.hasPrefix("EnergiFlow/0.1.0 ") == true)
        #expect(request.header("Accept") == "application/json")
        #expect(request.method == "GET")
        #expect(request.queryValue("x") == "æ")

        _ = try await onThread { [client] in
            try client.get(HTTPRequest(url: server.url("/ua"), headers: ["User-Agent": "probe/1"]))
        }
        #expect(server.requests.last?.header("User-Agent") == "probe/1")
    }

    @Test func repeatedResponseHeadersAreKept() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/h", with: ReplayHTTPResponse(
            status: 200, headers: [("Link", "<a>; rel=next"), ("X-Note", "one"), ("link", "<b>; rel=last")], body: Array("x".utf8)))
        let response = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/h"))) }
        #expect(response.headers.values(for: "LINK") == ["<a>; rel=next", "<b>; rel=last"])
        #expect(response.headers["x-note"] == "one")
        #expect(response.headers["Content-Length"] == "1")
    }
}
