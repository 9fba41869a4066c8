#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection of `ReplayHTTPServer`, served on its own thread:
/// reads HTTP/1.1 requests (keep-alive), asks the server for the scripted
/// answer, writes it or misbehaves as its fault says.
final class ReplayHTTPConnection {
    private let fd: Int32
    private let isStopping: @Sendable () -> Bool
    private let answer: @Sendable (ReplayHTTPRequest) -> ReplayHTTPResponse
    private var buffer: [UInt8] = []

    private static let maxHeaderBytes = 64 * 1024
    private static let pollMilliseconds: Int32 = 100

    init(fd: Int32, isStopping: @escaping @Sendable () -> Bool,
         answer: @escaping @Sendable (ReplayHTTPRequest) -> ReplayHTTPResponse) {
        self.fd = fd
        self.isStopping = isStopping
        self.answer = answer
    }

    /// Serves requests until the client closes, a fault ends the connection,
    /// or the server stops. The caller closes the socket.
    func run() {
        while let (request, wantsClose) = readRequest() {
            let response = answer(request)
            guard write(response, for: request, closing: wantsClose), !wantsClose else { return }
        }
    }

    // MARK: Reading

    /// The next request, or nil when the connection is over. `wantsClose` is
    /// true for HTTP/1.0 or `Connection: close`.
    private func readRequest() -> (ReplayHTTPRequest, wantsClose: Bool)? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int? = nil
        while headerEnd == nil {
            headerEnd = buffer.firstRange(of: terminator)?.lowerBound
            if headerEnd != nil { break }
            guard buffer.count < Self.maxHeaderBytes, fill() else { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + terminator.count)

        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]).trimmingSpaces(),
                            String(line[line.index(after: colon)...]).trimmingSpaces()))
        }
        let request = ReplayHTTPRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers)

        // Skip a request body, if any (GET has none, but stay in sync).
        if let length = request.header("Content-Length").flatMap({ Int($0) }), length > 0 {
            while buffer.count < length { guard fill() else { return nil } }
            buffer.removeFirst(length)
        }
        let wantsClose = requestLine[2] == "HTTP/1.0" || request.header("Connection")?.lowercased() == "close"
        return (request, wantsClose)
    }

    /// Appends whatever arrives next; false when the peer closed or the server stops.
    private func fill() -> Bool {
        while !isStopping() {
            guard ReplayHTTPSocket.waitReadable(fd, milliseconds: Self.pollMilliseconds) else { continue }
            guard let bytes = ReplayHTTPSocket.receive(fd) else { return false }
            buffer += bytes
            return true
        }
        return false
    }

    // MARK: Writing

    /// Writes `response` (or its fault); true when the connection may serve another request.
    private func write(_ response: ReplayHTTPResponse, for request: ReplayHTTPRequest, closing: Bool) -> Bool {
        let body = request.method == "HEAD" ? [] : response.body
        switch response.fault {
        case .none:
            return ReplayHTTPSocket.sendAll(fd, head(response, contentLength: response.body.count, close: closing) + body)
        case .closeWithoutResponse:
            return false
        case .stallBeforeHeaders:
            stall()
            return false
        case .stallAfterHeaders:
            ReplayHTTPSocket.sendAll(fd, head(response, contentLength: response.body.count, close: true))
            stall()
            return false
        case .truncate(let keeping):
            let kept = min(max(0, keeping ?? body.count / 2), body.count)
            let declared = max(response.body.count, kept + 1)   // always more than is sent
            ReplayHTTPSocket.sendAll(fd, head(response, contentLength: declared, close: true) + body.prefix(kept))
            return false
        }
    }

    private func head(_ response: ReplayHTTPResponse, contentLength: Int, close: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers where name.lowercased() != "content-length" {
            text += "\(name): \(value)\r\n"
        }
        text += "Content-Length: \(contentLength)\r\n"
        if close { text += "Connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Sends nothing; reads and drops input until the client hangs up or the server stops.
    private func stall() {
        while !isStopping() {
            if ReplayHTTPSocket.waitReadable(fd, milliseconds: Self.pollMilliseconds),
               ReplayHTTPSocket.receive(fd) == nil {
                return
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
