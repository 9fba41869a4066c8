import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Forwards TCP connections from a chosen loopback port to the embedded
/// cluster's first reachable broker.
///
/// librdkafka 2.0.2's mock brokers always listen on a port the kernel picks,
/// so `energiflow broker --port N` listens on N with this forwarder. Clients
/// bootstrap through it; the cluster metadata they get back then names the
/// brokers' own loopback ports, which they connect to directly.
final class KafkaPortForwarder: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let targets: [UInt16]
    private let lock = NSLock()
    private var stopping = false
    private var connections: Set<Int32> = []
    private let acceptDone = DispatchSemaphore(value: 0)

    /// Listens on 127.0.0.1:`port` (0 picks a free one) and forwards to `targets` in order.
    init(port: UInt16, targets: [UInt16]) throws {
        self.targets = targets
        let fd = socket(AF_INET, Self.streamType, 0)
        guard fd >= 0 else { throw Self.systemError("Could not open a socket for the embedded Kafka port") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let error = Self.systemError("Port \(port) on 127.0.0.1 is not free for the embedded Kafka broker; choose another port")
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listener = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "energiflow-kafka-forwarder"
        thread.start()
    }

    /// Stops accepting, closes every forwarded connection and waits for the
    /// accept loop. Must be called: the loop's thread keeps this object alive.
    func stop() {
        let first = lock.withLock { () -> Bool in
            if stopping { return false }
            stopping = true
            // Under the lock, so no descriptor is closed (and its number reused) meanwhile.
            for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        guard first else { return }
        acceptDone.wait()
        close(listener)
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while !isStopping {
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard let upstream = connectUpstream() else {
                close(client)
                continue
            }
            let registered = lock.withLock { () -> Bool in
                if stopping { return false }
                connections.insert(client)
                connections.insert(upstream)
                return true
            }
            guard registered else {
                close(client)
                close(upstream)
                continue
            }
            let finished = DispatchGroup()
            for (from, to) in [(client, upstream), (upstream, client)] {
                finished.enter()
                let pump = Thread { [self] in
                    pumpBytes(from: from, to: to)
                    finished.leave()
                }
                pump.name = "energiflow-kafka-forwarder-pump"
                pump.start()
            }
            finished.notify(queue: .global()) { [self] in
                lock.withLock {
                    connections.remove(client)
                    connections.remove(upstream)
                    close(client)
                    close(upstream)
                }
            }
        }
    }

    private func connectUpstream() -> Int32? {
        for target in targets {
            let fd = socket(AF_INET, Self.streamType, 0)
            guard fd >= 0 else { return nil }
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 { return fd }
            close(fd)
        }
        return nil
    }

    /// Copies bytes one way until either side ends, then ends both directions.
    private func pumpBytes(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        outer: while true {
            let received = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if received <= 0 { break }
            var sent = 0
            while sent < received {
                let written = buffer.withUnsafeBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return -1 }
                    return send(destination, base + sent, received - sent, Self.noSignal)
                }
                if written <= 0 { break outer }
                sent += written
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }

    private static func systemError(_ what: String) -> KafkaError {
        KafkaError(.system, "\(what) (\(String(cString: strerror(errno)))).")
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let noSignal: Int32 = 0
    #endif
}
