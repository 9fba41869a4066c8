import Foundation

/// One scripted answer of `ReplayHTTPServer`: status, headers, body, and
/// optionally a fault that breaks the exchange on purpose.
///
/// `Content-Length` is added by the server (do not set it). The body is sent
/// as given: use `gzipped()` to send it gzip-encoded, whatever the client
/// asked for (a recorded server may do the same).
public struct ReplayHTTPResponse: Sendable {
    /// How the server misbehaves, if at all.
    public enum Fault: Sendable, Equatable {
        /// A well-formed response.
        case none
        /// Reads the request, then sends nothing until the client hangs up
        /// (or the server stops): a server that accepted and went silent.
        case stallBeforeHeaders
        /// Sends status and headers (Content-Length of the whole body), then
        /// nothing: a download that stopped after the headers.
        case stallAfterHeaders
        /// Sends headers with the whole body's Content-Length, then only the
        /// first `keepingBytes` bytes of the body (nil: half), then closes:
        /// a connection dropped mid-body (e.g. truncated JSON).
        case truncate(keepingBytes: Int? = nil)
        /// Reads the request and closes the connection without a byte.
        case closeWithoutResponse
    }

    public var status: Int
    /// Sent in order; `Content-Length` is computed by the server.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var fault: Fault

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [], fault: Fault = .none) {
        self.status = status
        self.headers = headers
        self.body = body
        self.fault = fault
    }

    /// A UTF-8 text body.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8",
                            headers: [(name: String, value: String)] = []) -> ReplayHTTPResponse {
        ReplayHTTPResponse(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(text.utf8))
    }

    /// A JSON body (the Energi Data Service answers `application/json`).
    public static func json(_ json: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ReplayHTTPResponse {
        text(json, status: status, contentType: "application/json; charset=utf-8", headers: headers)
    }

    /// A body read from a file, e.g. a recorded API response under Tests/Fixtures.
    public static func file(_ url: URL, status: Int = 200, contentType: String = "application/json; charset=utf-8") throws -> ReplayHTTPResponse {
        let data = try Data(contentsOf: url)
        return ReplayHTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(data))
    }

    /// A redirect to `location` (absolute URL or absolute path).
    public static func redirect(to location: String, status: Int = 302) -> ReplayHTTPResponse {
        ReplayHTTPResponse(status: status, headers: [("Location", location)])
    }

    /// 429 with `Retry-After: retryAfter` (delta-seconds or an HTTP-date).
    public static func tooManyRequests(retryAfter: String, body: String = "rate limit exceeded") -> ReplayHTTPResponse {
        text(body, status: 429, headers: [("Retry-After", retryAfter)])
    }

    /// The same response with `fault`.
    public func with(fault: Fault) -> ReplayHTTPResponse {
        var copy = self
        copy.fault = fault
        return copy
    }

    /// The same response with its body gzip-compressed by /bin/gzip and
    /// `Content-Encoding: gzip` added.
    public func gzipped() throws -> ReplayHTTPResponse {
        var copy = self
        copy.body = try ReplayHTTPGzip.compress(body)
        copy.headers.append(("Content-Encoding", "gzip"))
        return copy
    }
}
