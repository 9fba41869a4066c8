import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection speaking Kafka's request/response framing, for
/// the few requests librdkafka has no API for (see `KafkaGroupEviction`).
/// PLAINTEXT only; blocking, with a deadline on every call.
final class KafkaWireConnection {
    private let descriptor: Int32
    private var correlation: Int32 = 0
    private let deadline: ContinuousClock.Instant

    /// Connects to `host:port` before `deadline`.
    init(host: String, port: Int, deadline: ContinuousClock.Instant) throws {
        self.deadline = deadline
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw KafkaError(.unreachable, "cannot resolve \(host):\(port)")
        }
        defer { freeaddrinfo(found) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let entry = candidate, connected < 0 {
            let fd = socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 { connected = fd } else { close(fd) }
            }
            candidate = entry.pointee.ai_next
        }
        guard connected >= 0 else { throw KafkaError(.unreachable, "cannot connect to \(host):\(port)") }
        descriptor = connected
        try setTimeout()
    }

    deinit { close(descriptor) }

    /// Sends one request and returns the response body (after the correlation id).
    func request(apiKey: Int16, version: Int16, body: KafkaWireWriter) throws -> KafkaWireReader {
        correlation += 1
        var header = KafkaWireWriter()
        header.int16(apiKey)
        header.int16(version)
        header.int32(correlation)
        header.string("energiflow")
        var frame = KafkaWireWriter()
        frame.int32(Int32(header.bytes.count + body.bytes.count))
        frame.bytes += header.bytes + body.bytes
        try write(frame.bytes)
        var sizeReader = KafkaWireReader(try read(4))
        let size = Int(try sizeReader.int32())
        guard size >= 4, size < 16 << 20 else { throw KafkaError(.broker, "a Kafka response of \(size) bytes") }
        var response = KafkaWireReader(try read(size))
        guard try response.int32() == correlation else { throw KafkaError(.broker, "a Kafka response to another request") }
        return response
    }

    private func setTimeout() throws {
        let left = max(0.05, Double((deadline - ContinuousClock.now).components.seconds) + 0.5)
        var timeout = timeval(tv_sec: Int(left), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw KafkaError(.broker, "the broker closed the connection") }
            sent += n
        }
    }

    private func read(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            guard ContinuousClock.now < deadline else { throw KafkaError(.timedOut, "the broker did not answer in time") }
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + got, count - got, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw KafkaError(.broker, "the broker closed the connection") }
            got += n
        }
        return buffer
    }
}

/// Kafka's big-endian request encoding (non-flexible versions only).
struct KafkaWireWriter {
    var bytes: [UInt8] = []

    mutating func int8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    mutating func int16(_ value: Int16) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
    mutating func int32(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
    mutating func string(_ value: String?) {
        guard let value else { int16(-1); return }
        let utf8 = Array(value.utf8)
        int16(Int16(utf8.count))
        bytes += utf8
    }
}

/// Kafka's big-endian response decoding.
struct KafkaWireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard position + count <= bytes.count else { throw KafkaError(.broker, "a Kafka response ended early") }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func int8() throws -> Int8 { Int8(bitPattern: try take(1).first!) }
    mutating func int16() throws -> Int16 { try take(2).reduce(0) { $0 << 8 | Int16($1) } }
    mutating func int32() throws -> Int32 { try take(4).reduce(0) { $0 << 8 | Int32($1) } }
    mutating func string() throws -> String? {
        let length = Int(try int16())
        guard length >= 0 else { return nil }
        return String(decoding: try take(length), as: UTF8.self)
    }
}
