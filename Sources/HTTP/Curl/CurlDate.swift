import CCurl
import Foundation

/// HTTP-date parsing by libcurl's curl_getdate, which reads the three forms
/// RFC 9110 allows (IMF-fixdate, RFC 850, asctime).
enum CurlDate {
    static func parse(_ text: String) -> Date? {
        let seconds = text.withCString { curl_getdate($0, nil) }
        guard seconds != -1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
