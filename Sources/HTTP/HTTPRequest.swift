import Foundation

/// One GET request: where, which extra headers, and how long to wait.
///
/// Defaults suit the Energi Data Service API: connect within 10 s, finish
/// within 60 s, give up on a connection that delivers less than 1 byte/s for
/// 30 s, follow at most 5 redirects. TLS certificates are always verified and
/// every encoding libcurl can decode (gzip, deflate, …) is accepted and
/// decoded, so `HTTPResponse.body` is always the plain bytes.
public struct HTTPRequest: Sendable {
    /// Absolute http:// or https:// URL, query included (already percent-encoded).
    public var url: String
    /// Extra request headers. A `User-Agent` here replaces the client's.
    public var headers: HTTPHeaders
    /// Seconds allowed for DNS, TCP and TLS setup.
    public var connectTimeout: TimeInterval
    /// Seconds allowed for the whole transfer, redirects included.
    public var totalTimeout: TimeInterval
    /// Follow 3xx responses with a Location (at most `maxRedirects`).
    public var followRedirects: Bool
    public var maxRedirects: Int
    /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime`
    /// seconds (rounded up to whole seconds) fails with `.timeout`: a stalled
    /// connection ends long before `totalTimeout` on a big download.
    public var lowSpeedLimit: Int
    public var lowSpeedTime: TimeInterval
    /// Largest decoded body accepted; more fails with `.responseTooLarge`.
    public var maxBodyBytes: Int

    public init(
        url: String,
        headers: HTTPHeaders = [:],
        connectTimeout: TimeInterval = 10,
        totalTimeout: TimeInterval = 60,
        followRedirects: Bool = true,
        maxRedirects: Int = 5,
        lowSpeedLimit: Int = 1,
        lowSpeedTime: TimeInterval = 30,
        maxBodyBytes: Int = 256 << 20
    ) {
        self.url = url
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
    }
}
