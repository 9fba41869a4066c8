import CCurl
import Foundation

/// One libcurl easy handle, reused across requests so connections to the same
/// host are kept alive (the API's paging benefits). Not thread-safe: its owner
/// (`HTTPClient`) runs one transfer at a time.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed message for a failed transfer here.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(url: String) throws(HTTPError) {
        try CurlGlobal.ensureInitialized(url: url)
        guard let handle = curl_easy_init() else {
            throw HTTPError(code: .internal,
                            message: "libcurl could not create a transfer handle for \(url); the process is probably out of memory.",
                            url: url)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs one GET on the calling thread (curl_easy_perform blocks).
    func get(_ request: HTTPRequest, userAgent: String, cancellation: HTTPCancellation?) throws(HTTPError) -> HTTPResponse {
        let url = request.url
        if cancellation?.isCancelled == true { throw CurlErrorMapping.cancelledError(url: url) }
        try CurlErrorMapping.validate(request)

        curl_easy_reset(handle)   // forget the previous request's options, keep its connections
        errorBuffer[0] = 0

        // A header list for libcurl; freed after the transfer (it must outlive it).
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        for field in request.headers {
            // "Name;" is libcurl's way to send a header with an empty value.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPError(code: .internal, message: "libcurl could not store the request headers for \(url); out of memory.", url: url)
            }
            headerList = appended
        }

        let transfer = CurlTransfer(cancellation: cancellation, maxBodyBytes: request.maxBodyBytes)
        let context = Unmanaged.passUnretained(transfer).toOpaque()

        try withExtendedLifetime(transfer) { () throws(HTTPError) in
            try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer), url: url)
            try set(CURLOPT_URL, string: url, url: url)
            try set(CURLOPT_HTTPGET, 1, url: url)
            // No signals: libcurl is used from several threads (see CURLOPT_NOSIGNAL).
            try set(CURLOPT_NOSIGNAL, 1, url: url)
            try check(CCurl_allow_only_http_protocols(handle), url: url)
            try set(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0, url: url)
            try set(CURLOPT_MAXREDIRS, max(0, request.maxRedirects), url: url)
            try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout), url: url)
            try set(CURLOPT_TIMEOUT_MS, milliseconds(request.totalTimeout), url: url)
            try set(CURLOPT_LOW_SPEED_LIMIT, max(1, request.lowSpeedLimit), url: url)
            try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(request.lowSpeedTime.rounded(.up))), url: url)
            // "" = offer every encoding this libcurl can decode, and decode it.
            try set(CURLOPT_ACCEPT_ENCODING, string: "", url: url)
            try set(CURLOPT_USERAGENT, string: userAgent, url: url)
            try set(CURLOPT_SSL_VERIFYPEER, 1, url: url)
            try set(CURLOPT_SSL_VERIFYHOST, 2, url: url)
            if let headerList {
                try check(CCurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), url: url)
            }
            try check(CCurl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, CurlTransfer.writeCallback), url: url)
            try set(CURLOPT_WRITEDATA, pointer: context, url: url)
            try check(CCurl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, CurlTransfer.headerCallback), url: url)
            try set(CURLOPT_HEADERDATA, pointer: context, url: url)
            try check(CCurl_setopt_xferinfo_function(handle, CurlTransfer.progressCallback), url: url)
            try set(CURLOPT_XFERINFODATA, pointer: context, url: url)
            try set(CURLOPT_NOPROGRESS, 0, url: url)

            let code = curl_easy_perform(handle)
            guard code == CURLE_OK else {
                throw CurlErrorMapping.error(for: code, request: request, detail: String(cString: errorBuffer),
                                        cancelled: transfer.isCancelled, bodyTooLarge: transfer.bodyTooLarge)
            }
        }

        var status = 0
        _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafePointer<CChar>? = nil
        _ = CCurl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body,
                            effectiveURL: effective.map { String(cString: $0) } ?? url)
    }

    private func milliseconds(_ seconds: TimeInterval) -> Int {
        guard seconds.isFinite else { return 0 }   // 0 = no limit to libcurl
        return max(1, Int((seconds * 1000).rounded(.up)))
    }

    private func set(_ option: CURLoption, _ value: Int, url: String) throws(HTTPError) {
        try check(CCurl_setopt_long(handle, option, value), url: url)
    }

    private func set(_ option: CURLoption, string value: String, url: String) throws(HTTPError) {
        try check(value.withCString { CCurl_setopt_string(handle, option, $0) }, url: url)
    }

    private func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer, url: String) throws(HTTPError) {
        try check(CCurl_setopt_pointer(handle, option, value), url: url)
    }

    private func check(_ code: CURLcode, url: String) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        throw CurlErrorMapping.error(for: code, request: HTTPRequest(url: url), detail: String(cString: errorBuffer),
                                cancelled: false, bodyTooLarge: false)
    }
}
