/// Why a GET produced no response. `message` is a sentence for people (what
/// went wrong, for which URL, what to do); the libcurl cause is kept.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The URL or a header is unusable (malformed, not http/https, CR/LF in a header).
        case invalidRequest
        /// DNS could not resolve the host name.
        case couldNotResolveHost
        /// Nothing accepted the TCP connection (refused, unreachable).
        case couldNotConnect
        /// Connect timeout, total timeout, or the low-speed (stall) limit.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// More redirects than `HTTPRequest.maxRedirects`.
        case tooManyRedirects
        /// `HTTPCancellation.cancel()` was called.
        case cancelled
        /// The body exceeded `HTTPRequest.maxBodyBytes`.
        case responseTooLarge
        /// The connection broke mid-response: closed early (truncated body),
        /// empty reply, bad encoding, send/receive failure.
        case transfer
        /// libcurl itself failed (initialisation, out of memory).
        case `internal`
    }

    public var code: Code
    public var message: String
    /// The URL requested.
    public var url: String
    /// The CURLcode (e.g. 28 for CURLE_OPERATION_TIMEDOUT), when libcurl reported one.
    public var curlCode: Int?
    /// curl_easy_strerror of `curlCode` ("Timeout was reached").
    public var curlMessage: String?
    /// libcurl's error buffer for this transfer, often more precise
    /// ("Operation timed out after 1500 milliseconds with 0 bytes received").
    public var curlDetail: String?

    public init(code: Code, message: String, url: String,
                curlCode: Int? = nil, curlMessage: String? = nil, curlDetail: String? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.curlDetail = curlDetail
    }

    public var description: String { message }
}
