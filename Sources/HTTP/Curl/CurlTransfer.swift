import CCurl
import Foundation

/// What one transfer collects while curl_easy_perform runs: the body, the
/// header lines of the latest response, and whether to stop. libcurl calls
/// back into it on the thread that called perform.
final class CurlTransfer {
    let cancellation: HTTPCancellation?
    let maxBodyBytes: Int
    private(set) var body = Data()
    private(set) var headers = HTTPHeaders()
    /// Set when the write callback refused data, to tell why curl stopped.
    private(set) var bodyTooLarge = false

    init(cancellation: HTTPCancellation?, maxBodyBytes: Int) {
        self.cancellation = cancellation
        self.maxBodyBytes = maxBodyBytes
    }

    var isCancelled: Bool { cancellation?.isCancelled ?? false }

    /// Returns the bytes taken; any other count makes libcurl abort (CURLE_WRITE_ERROR).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if isCancelled { return 0 }
        if body.count + bytes.count > maxBodyBytes {
            bodyTooLarge = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// One header line as libcurl delivers it, CRLF included. A status line
    /// starts a new response (a redirect, or 100 Continue): keep only the last.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var scalars = Substring(String(decoding: bytes, as: UTF8.self)).unicodeScalars
        // Per scalar: "\r\n" is one Character, so Character-wise checks miss it.
        while let last = scalars.last, last == "\r" || last == "\n" { scalars.removeLast() }
        let line = String(scalars)
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return
        }
        guard !line.isEmpty else { return }
        if line.first == " " || line.first == "\t" {
            // Obsolete line folding: continue the previous value.
            headers.continueLastValue(line.trimmingCharacters(in: .whitespaces))
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.add(name: name, value: value)
    }

    // C entry points. `userdata` is an unretained CurlTransfer that the caller
    // of curl_easy_perform keeps alive for the whole transfer.

    static let writeCallback: curl_write_callback = { data, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    static let headerCallback: curl_write_callback = { data, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }

    /// Called by libcurl at least about once a second, also while the socket
    /// is idle; non-zero aborts with CURLE_ABORTED_BY_CALLBACK.
    static let progressCallback: curl_xferinfo_callback = { userdata, _, _, _, _ in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.isCancelled ? 1 : 0
    }
}
