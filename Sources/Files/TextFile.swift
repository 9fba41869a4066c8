#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a text file the user named or EnergiFlow found (a saved query, a
/// rules file, a settings file) without ever hanging or filling memory: only
/// a regular file is read — a FIFO, a device (`/dev/zero`), a socket or a
/// directory is refused before reading a byte — up to `limit` bytes, and it
/// must be UTF-8. Every refusal is a `FileError` naming the file.
public enum TextFile {
    /// The default size limit: 64 MiB.
    public static let defaultLimit = 64 << 20

    /// The text of the file at `path` (shown in errors as `shownAs`, else
    /// `path`), without a leading byte order mark.
    public static func read(_ path: String, shownAs shown: String? = nil, limit: Int = defaultLimit) throws(FileError) -> String {
        let bytes = try readBytes(path, shownAs: shown, limit: limit)
        let name = shown ?? path
        if let invalid = Self.firstInvalidByte(in: bytes) { throw FileError(path: name, kind: invalid) }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func readBytes(_ path: String, shownAs shown: String? = nil, limit: Int = defaultLimit) throws(FileError) -> [UInt8] {
        let name = shown ?? path
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw FileError(path: name, errno: errno) }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: name, errno: errno) }
        if let problem = FileError(path: name, mode: info.st_mode) { throw problem }
        guard Int(info.st_size) <= limit else { throw FileError(path: name, kind: .tooLarge(limit: limit)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw -> Int in
                #if canImport(Glibc)
                Glibc.read(fd, raw.baseAddress, raw.count)
                #else
                Darwin.read(fd, raw.baseAddress, raw.count)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: name, errno: errno)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            // The file may have grown since fstat.
            guard bytes.count <= limit else { throw FileError(path: name, kind: .tooLarge(limit: limit)) }
        }
        return bytes
    }

    /// Where the first byte that is not UTF-8 is: its line and column (in
    /// characters before it); nil when all of it is UTF-8.
    static func firstInvalidByte(in bytes: [UInt8]) -> FileError.Kind? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return nil
            case .error:
                return .notUTF8(line: line, column: column, byte: offset < bytes.count ? bytes[offset] : 0)
            }
        }
    }
}
