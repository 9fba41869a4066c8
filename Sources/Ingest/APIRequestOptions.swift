import Foundation

/// How `EnergiDataServiceClient` talks to the API: where, how many records a
/// page, how long to wait and how often to retry.
public struct APIRequestOptions: Sendable {
    /// The API's base URL; tests point it at a local server.
    public var baseURL: String
    /// Records per request (`limit`); pages follow with `offset`.
    public var pageSize: Int
    /// Retries for 5xx answers, timeouts, broken transfers and unreadable bodies.
    public var retry: RetryPolicy
    /// A Retry-After longer than this is cut to it (the API asks for seconds).
    public var maxRetryAfter: TimeInterval
    /// HTTP 429 answers tolerated in a row for one page before giving up.
    public var maxRateLimitWaits: Int
    /// Seconds for DNS, TCP and TLS.
    public var connectTimeout: TimeInterval
    /// Seconds for one whole response.
    public var totalTimeout: TimeInterval
    /// Seconds without a byte after which a transfer counts as stalled.
    public var stallTimeout: TimeInterval
    /// Only these price areas (the API's `filter`); empty for all.
    public var areas: [String]

    public static let defaultBaseURL = "https://api.energidataservice.dk"

    public init(baseURL: String = APIRequestOptions.defaultBaseURL, pageSize: Int = 10_000,
                retry: RetryPolicy = RetryPolicy(maxAttempts: 6, baseDelay: 1, maxDelay: 30),
                maxRetryAfter: TimeInterval = 300, maxRateLimitWaits: Int = 10,
                connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 120, stallTimeout: TimeInterval = 30,
                areas: [String] = []) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pageSize = max(1, pageSize)
        self.retry = retry
        self.maxRetryAfter = maxRetryAfter
        self.maxRateLimitWaits = max(0, maxRateLimitWaits)
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.stallTimeout = stallTimeout
        self.areas = areas
    }
}
