import CCurl
import Foundation

/// Turns libcurl's result codes into `HTTPError`s people can act on.
enum CurlErrorMapping {
    /// Rejects what libcurl would send blindly: CR/LF or NUL in a header
    /// (header injection) and URLs that are not http(s).
    static func validate(_ request: HTTPRequest) throws(HTTPError) {
        let url = request.url
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw HTTPError(code: .invalidRequest,
                            message: "'\(url)' is not an http:// or https:// URL; give the full address, e.g. https://api.energidataservice.dk/dataset/ElspotPrices.",
                            url: url)
        }
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) {
            throw HTTPError(code: .invalidRequest,
                            message: "the URL '\(url)' contains white space or control characters; percent-encode them (%20).",
                            url: url)
        }
        for field in request.headers {
            // Per scalar: "\r\n" is a single Character and would slip past a Character test.
            let bad: (Unicode.Scalar) -> Bool = { $0 == "\r" || $0 == "\n" || $0 == "\0" }
            if field.name.isEmpty || field.name.unicodeScalars.contains(where: { bad($0) || $0 == ":" || $0 == " " })
                || field.value.unicodeScalars.contains(where: bad) {
                throw HTTPError(code: .invalidRequest,
                                message: "the request header '\(field.name)' for \(url) has an empty name or a line break, colon or NUL where none may be; fix the header.",
                                url: url)
            }
        }
    }

    static func cancelledError(url: String) -> HTTPError {
        HTTPError(code: .cancelled, message: "GET \(url) was cancelled before it finished.", url: url)
    }

    static func error(for code: CURLcode, request: HTTPRequest, detail rawDetail: String,
                      cancelled: Bool, bodyTooLarge: Bool) -> HTTPError {
        let url = request.url
        let curlMessage = CurlGlobal.describe(code)
        let detail = rawDetail.isEmpty ? curlMessage : rawDetail
        func make(_ kind: HTTPError.Code, _ message: String) -> HTTPError {
            HTTPError(code: kind, message: message, url: url, curlCode: Int(code.rawValue),
                      curlMessage: curlMessage, curlDetail: rawDetail.isEmpty ? nil : rawDetail)
        }
        if cancelled && (code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_WRITE_ERROR) {
            return make(.cancelled, "GET \(url) was cancelled before it finished.")
        }
        if bodyTooLarge && code == CURLE_WRITE_ERROR {
            return make(.responseTooLarge,
                        "the response from \(url) is larger than \(request.maxBodyBytes) bytes; ask for less per request (limit/offset) or raise maxBodyBytes.")
        }
        let host = URLComponents(string: url)?.host ?? url
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return make(.invalidRequest, "the URL '\(url)' cannot be requested (\(detail)); use a complete http:// or https:// URL.")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return make(.couldNotResolveHost, "could not resolve the host '\(host)' of \(url) (\(detail)); check the spelling and the network's DNS.")
        case CURLE_COULDNT_CONNECT:
            return make(.couldNotConnect, "could not connect to '\(host)' for \(url) (\(detail)); check that the server is up and reachable (network, firewall, proxy).")
        case CURLE_OPERATION_TIMEDOUT:
            return make(.timeout, "GET \(url) timed out (\(detail)); the server is slow or the connection stalled — try again later or allow more time.")
        case CURLE_TOO_MANY_REDIRECTS:
            return make(.tooManyRedirects, "GET \(url) was redirected more than \(request.maxRedirects) times (\(detail)); the server is in a redirect loop — check the URL.")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return make(.tls, "the secure (TLS) connection to '\(host)' failed for \(url) (\(detail)); check the system's CA certificates and clock — certificate verification stays on.")
        case CURLE_PARTIAL_FILE:
            return make(.transfer, "the server closed the connection before sending the whole response for \(url) (\(detail)); the response is incomplete — try again.")
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_BAD_CONTENT_ENCODING,
             CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_WRITE_ERROR,
             CURLE_ABORTED_BY_CALLBACK, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR:
            return make(.transfer, "the response from \(url) broke off or was unreadable (\(detail)); the server or the network dropped it — try again.")
        default:
            return make(.internal, "libcurl failed on GET \(url) (\(detail)); try again, and report it if it persists.")
        }
    }
}
