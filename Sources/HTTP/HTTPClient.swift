import Basics
import Foundation

/// A blocking HTTP GET client over libcurl.
///
/// `get` runs on the caller's thread until the response is complete (give it
/// a thread or a DispatchQueue, never the Swift concurrency pool). One client
/// keeps one connection cache: calls are serialised, so several threads may
/// share a client but only one transfer runs at a time; use one client per
/// thread for parallel downloads.
///
///     let client = HTTPClient()
///     let response = try client.get(HTTPRequest(url: "https://api.energidataservice.dk/dataset/ElspotPrices?limit=5"))
///     if response.status == 429, let wait = response.retryAfter() { ... }
public final class HTTPClient: @unchecked Sendable {
    // @unchecked: `easy` is only touched while `lock` is held.
    private let lock = NSLock()
    private var easy: CurlEasy?

    /// Sent as User-Agent unless the request's headers name one.
    public let userAgent: String

    /// `EnergiFlow/<version> (+https://github.com/energiflow/energiflow)`.
    public static func userAgent(version: String) -> String {
        "EnergiFlow/\(version) (+https://github.com/energiflow/energiflow)"
    }

    /// The User-Agent for `EnergiFlowVersion.current`.
    public static let defaultUserAgent = userAgent(version: EnergiFlowVersion.current)

    /// The libcurl version this process runs with, e.g. "7.88.1" (for `doctor`).
    public static var libraryVersion: String { CurlGlobal.version }

    public init(userAgent: String = HTTPClient.defaultUserAgent) {
        self.userAgent = userAgent
    }

    /// Performs `request` and returns whatever status the server answered.
    /// Throws `HTTPError` only when no complete response arrived (DNS,
    /// connect, TLS, timeout, stall, truncated body, cancellation, ...).
    public func get(_ request: HTTPRequest, cancellation: HTTPCancellation? = nil) throws -> HTTPResponse {
        try lock.withLock { () throws(HTTPError) -> HTTPResponse in
            let handle: CurlEasy
            if let easy {
                handle = easy
            } else {
                handle = try CurlEasy(url: request.url)
                easy = handle
            }
            return try handle.get(request, userAgent: userAgent, cancellation: cancellation)
        }
    }
}
