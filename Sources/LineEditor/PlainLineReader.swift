#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line reading without a terminal (a pipe, a file, a terminal whose output
/// is redirected): no prompt, no escape codes, lines split on "\n" (a
/// trailing "\r" dropped), a last line without "\n" still returned.
final class PlainLineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(fd: Int32) {
        self.fd = fd
    }

    func readLine() -> LineEditorEvent {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                buffer.removeFirst(newline + 1)
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if ended {
                guard !buffer.isEmpty else { return .endOfInput }
                var line = buffer[...]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                buffer.removeAll()
                return .line(String(decoding: line, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[0..<count]
            } else if count < 0 && errno == EINTR {
                // A signal (the caller's Ctrl-C handler) interrupted the wait.
                return .interrupted
            } else {
                ended = true   // end of input, or an error that ends it (EIO, EBADF)
            }
        }
    }
}
