import CCurl

/// curl_global_init, exactly once per process. A `static let` initialiser
/// runs once and thread-safely (swift_once), which is what libcurl demands:
/// before 7.84 curl_global_init itself is not thread-safe.
enum CurlGlobal {
    private static let initResult: UInt32 = CCurl_global_init_default().rawValue

    /// Initialises libcurl on first use; throws if that failed.
    static func ensureInitialized(url: String) throws(HTTPError) {
        let code = CURLcode(rawValue: initResult)
        guard code != CURLE_OK else { return }
        throw HTTPError(
            code: .internal,
            message: "libcurl could not initialise (\(CurlGlobal.describe(code))); the process is short of memory or libcurl's TLS library is broken — reinstall libcurl.",
            url: url, curlCode: Int(code.rawValue), curlMessage: CurlGlobal.describe(code))
    }

    /// curl_easy_strerror as a Swift string.
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    /// The libcurl version in use, e.g. "7.88.1".
    static var version: String {
        String(cString: CCurl_version_string())
    }
}
