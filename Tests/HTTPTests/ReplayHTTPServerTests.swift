import Foundation
import HTTP
import Testing
import TestSupport

/// The routing rules of the test server itself, which later tests rely on.
@Suite struct ReplayHTTPServerTests {
    let client = HTTPClient()

    @Test func exactTargetWinsOverPathAndUnscriptedIs404() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/dataset/ElspotPrices?offset=0&limit=2", with: .json(#"{"page":1}"#))
        server.respond(to: "/dataset/ElspotPrices", with: .json(#"{"page":"any"}"#))
        let texts = try await onThread { [client] in
            try ["/dataset/ElspotPrices?offset=0&limit=2", "/dataset/ElspotPrices?offset=2&limit=2", "/dataset/Other"].map {
                let response = try client.get(HTTPRequest(url: server.url($0)))
                return "\(response.status) \(response.text)"
            }
        }
        #expect(texts == [#"200 {"page":1}"#, #"200 {"page":"any"}"#, "404 no response scripted for /dataset/Other\n"])
        #expect(server.requests(to: "/dataset/ElspotPrices").compactMap { $0.queryValue("offset") } == ["0", "2"])
        #expect(server.requests.map(\.path) == ["/dataset/ElspotPrices", "/dataset/ElspotPrices", "/dataset/Other"])
    }

    @Test func rescriptingRestartsTheQueue() async throws {
        let server = try ReplayHTTPServer()
        defer { server.stop() }
        server.respond(to: "/q", with: .text("a"), .text("b"))
        let first = try await onThread { [client] in try (0..<3).map { _ in try client.get(HTTPRequest(url: server.url("/q"))).text } }
        server.respond(to: "/q", with: .text("c"))
        let second = try await onThread { [client] in try client.get(HTTPRequest(url: server.url("/q"))).text }
        #expect(first == ["a", "b", "b"])
        #expect(second == "c")
    }
}
