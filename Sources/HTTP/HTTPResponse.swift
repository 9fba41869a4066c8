import Foundation

/// What the server answered. Any status is a response, 404 and 500 included:
/// `HTTPClient.get` throws only when no complete response arrived.
public struct HTTPResponse: Sendable {
    /// The status code of the last response (after redirects).
    public var status: Int
    /// Headers of the last response (after redirects), in order received.
    public var headers: HTTPHeaders
    /// The body, already decoded when it came gzip- or deflate-encoded.
    public var body: Data
    /// The URL that answered, after redirects.
    public var effectiveURL: String

    public init(status: Int, headers: HTTPHeaders, body: Data, effectiveURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text; invalid bytes become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Seconds to wait before retrying, from the `Retry-After` header: either
    /// delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`,
    /// also the obsolete RFC 850 and asctime forms) taken relative to `now`.
    /// A date in the past gives 0; a missing or unreadable header gives nil.
    public func retryAfter(now: Date = Date()) -> TimeInterval? {
        guard let raw = headers["Retry-After"] else { return nil }
        return HTTPResponse.parseRetryAfter(raw, now: now)
    }

    static func parseRetryAfter(_ raw: String, now: Date) -> TimeInterval? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        if value.allSatisfy({ $0.isASCII && $0.isNumber }) {
            // Huge values are clamped rather than rejected: "wait very long" is the meaning.
            return TimeInterval(value).map { min($0, 365 * 86_400) }
        }
        // An HTTP-date always names a weekday or month; this keeps curl's
        // lenient date parser from reading "-5" or "1.5" as a date.
        guard value.contains(where: { $0.isLetter }), let date = CurlDate.parse(value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
