import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local HTTP/1.1 server for tests: scripted responses per path, faults on
/// purpose, and a log of what was asked.
///
///     let server = try ReplayHTTPServer()
///     defer { server.stop() }
///     server.respond(to: "/dataset/ElspotPrices",
///                    with: .tooManyRequests(retryAfter: "1"),
///                    try .file(TestPaths.recorded("elspot.json")))
///     // client GETs server.url("/dataset/ElspotPrices?limit=100") ...
///     #expect(server.requests(to: "/dataset/ElspotPrices").count == 2)
///
/// - It listens on 127.0.0.1 with a port the kernel picks (`port`, `url(_:)`),
///   accepts on its own thread and serves each connection on a thread of its
///   own (keep-alive supported), so a stalled response blocks nobody else.
/// - Each script is a queue: the responses are served in order and the last
///   one repeats. A script for a target with a query ("/p?offset=100")
///   matches only that exact target; one without a query matches the path
///   with any query. Exact targets win. Anything unscripted gets a 404 whose
///   body says so.
/// - `ReplayHTTPResponse.Fault` breaks an exchange on purpose (stall before or
///   after the headers, truncated body, connection closed); `gzipped()`
///   sends a gzip-encoded body.
/// - Every request is logged (`requests`) before it is answered, so once the
///   client has its response the log already holds the request.
/// - Call `stop()` when done (a `defer` right after creating it): it closes
///   every connection, stalled ones included, and waits for the threads.
public final class ReplayHTTPServer: @unchecked Sendable {
    // @unchecked: mutable state below is only touched while `lock` is held.
    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var stopping = false
    private var scripts: [String: [ReplayHTTPResponse]] = [:]
    private var served: [String: Int] = [:]
    private var log: [ReplayHTTPRequest] = []
    private var connections: Set<Int32> = []
    private let threads = DispatchGroup()

    /// Binds 127.0.0.1 on a free port and starts serving.
    public init() throws {
        (listener, port) = try ReplayHTTPSocket.listenOnLoopback()
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "ReplayHTTPServer:\(port)"
        thread.start()
    }

    /// "http://127.0.0.1:<port>".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The full URL of a target: `url("/dataset/ElspotPrices?limit=5")`.
    public func url(_ target: String) -> String {
        baseURL + (target.hasPrefix("/") ? target : "/" + target)
    }

    /// Scripts `target` (a path, or path + "?" + query): the responses are
    /// served in order, the last one repeats. Replaces an earlier script for
    /// the same target and restarts its queue; an empty list removes it.
    public func respond(to target: String, with responses: [ReplayHTTPResponse]) {
        lock.withLock {
            scripts[target] = responses.isEmpty ? nil : responses
            served[target] = 0
        }
    }

    public func respond(to target: String, with responses: ReplayHTTPResponse...) {
        respond(to: target, with: responses)
    }

    /// Every request received so far, oldest first.
    public var requests: [ReplayHTTPRequest] {
        lock.withLock { log }
    }

    /// The requests whose path (query ignored) is `path`.
    public func requests(to path: String) -> [ReplayHTTPRequest] {
        requests.filter { $0.path == path }
    }

    /// Stops accepting, closes every open connection (stalled ones too) and
    /// waits for the server's threads. Idempotent.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            stopping = true
            for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        guard first else { return }
        threads.wait()
        close(listener)
    }

    // MARK: Serving

    private var isStopping: Bool { lock.withLock { stopping } }

    private func acceptLoop() {
        while !isStopping {
            guard ReplayHTTPSocket.waitReadable(listener, milliseconds: 100),
                  let fd = ReplayHTTPSocket.acceptConnection(listener) else { continue }
            let accepted = lock.withLock { () -> Bool in
                guard !stopping else { return false }
                connections.insert(fd)
                return true
            }
            guard accepted else {
                close(fd)
                return
            }
            threads.enter()
            let thread = Thread { [self] in
                let connection = ReplayHTTPConnection(
                    fd: fd,
                    isStopping: { [self] in isStopping },
                    answer: { [self] request in answer(request) })
                connection.run()
                // Forget the descriptor before closing it, so stop() never
                // shuts down a number the kernel has handed out again.
                lock.withLock { _ = connections.remove(fd) }
                close(fd)
                threads.leave()
            }
            thread.name = "ReplayHTTPServer:\(port) connection"
            thread.start()
        }
    }

    /// Logs `request` and picks its scripted response.
    private func answer(_ request: ReplayHTTPRequest) -> ReplayHTTPResponse {
        lock.withLock {
            log.append(request)
            let key = scripts[request.target] != nil ? request.target : request.path
            guard let queue = scripts[key], !queue.isEmpty else {
                return .text("no response scripted for \(request.target)\n", status: 404)
            }
            let index = served[key, default: 0]
            served[key] = index + 1
            return queue[min(index, queue.count - 1)]
        }
    }
}
