import Foundation
import HTTP
import Testing

/// Retry-After parsing and header lookup, without a network.
@Suite struct HTTPResponseTests {
    func response(retryAfter: String?) -> HTTPResponse {
        HTTPResponse(status: 429, headers: HTTPHeaders(retryAfter.map { [("Retry-After", $0)] } ?? []),
                     body: Data(), effectiveURL: "http://x")
    }

    // 1994-11-06T08:49:37Z = 784111777 s after the epoch (computed independently).
    let now = Date(timeIntervalSince1970: 784_111_777 - 30)

    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 30.0),     // IMF-fixdate
        ("Sunday, 06-Nov-94 08:49:37 GMT", 30.0),    // obsolete RFC 850
        ("Sun Nov  6 08:49:37 1994", 30.0),          // asctime
        ("120", 120.0),
        ("0", 0.0),
        (" 5 ", 5.0),
    ])
    func retryAfterForms(header: String, seconds: Double) {
        #expect(response(retryAfter: header).retryAfter(now: now) == seconds)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "12abc"])
    func unreadableRetryAfterIsNil(header: String) {
        #expect(response(retryAfter: header).retryAfter(now: now) == nil)
    }

    @Test func missingRetryAfterIsNil() {
        #expect(response(retryAfter: nil).retryAfter(now: now) == nil)
    }

    @Test func headerLookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["Set-Cookie": "a=1", "Content-Type": "text/plain"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.map(\.name) == ["Set-Cookie", "Content-Type", "set-cookie"])
        #expect(!headers.contains("Retry-After"))
    }

    @Test func userAgentNamesEnergiFlowAndItsVersion() {
        #expect(HTTPClient.defaultUserAgent == "EnergiFlow/0.1.0 (+https://github.com/energiflow/energiflow)")
        #expect(HTTPClient.userAgent(version: "9.9.9").hasPrefix("EnergiFlow/9.9.9 "))
        #expect(!HTTPClient.libraryVersion.isEmpty)
    }
}
