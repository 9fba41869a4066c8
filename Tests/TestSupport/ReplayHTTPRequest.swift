import Foundation

/// One request as `ReplayHTTPServer` received it, for tests to assert what
/// the client asked for.
public struct ReplayHTTPRequest: Sendable {
    /// "GET", "HEAD", ...
    public var method: String
    /// Path and query exactly as sent: "/dataset/ElspotPrices?offset=100&limit=100".
    public var target: String
    /// Header fields in the order received.
    public var headers: [(name: String, value: String)]

    public init(method: String, target: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.target = target
        self.headers = headers
    }

    /// The target without its query: "/dataset/ElspotPrices".
    public var path: String {
        target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }

    /// The raw query after "?", or nil.
    public var query: String? {
        target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) }
    }

    /// First value of a header, any case.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name.lowercased() == key }?.value
    }

    /// A query parameter, percent-decoded: `queryValue("offset")` → "100".
    public func queryValue(_ name: String) -> String? {
        URLComponents(string: "http://replay" + target)?.queryItems?.first { $0.name == name }?.value
    }
}
