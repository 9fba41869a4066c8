#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why a file or directory could not be used, as one sentence that names
/// it and says what it is: "queries/loop.efq is a symbolic link loop",
/// "/dev/zero is a device, not a file", "rules/x.rules is not UTF-8 text
/// (byte 0xFF at line 3, column 7)" — never a Foundation error domain.
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case missing
        case permissionDenied
        case symbolicLinkLoop
        /// A part of the path before the last is not a directory.
        case notADirectoryOnTheWay
        case isDirectory
        case notDirectory
        case fifo
        case device
        case socket
        case tooLarge(limit: Int)
        case notUTF8(line: Int, column: Int, byte: UInt8)
        case other(errno: Int32)
    }

    /// The path as the user should see it.
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// From a failed system call's errno.
    public init(path: String, errno code: Int32) {
        let kind: Kind
        switch code {
        case ENOENT: kind = .missing
        case EACCES, EPERM: kind = .permissionDenied
        case ELOOP: kind = .symbolicLinkLoop
        case ENOTDIR: kind = .notADirectoryOnTheWay
        case EISDIR: kind = .isDirectory
        default: kind = .other(errno: code)
        }
        self.init(path: path, kind: kind)
    }

    /// From what fstat says the file is, when it is not a regular file; nil for one.
    public init?(path: String, mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: self.init(path: path, kind: .isDirectory)
        case S_IFIFO: self.init(path: path, kind: .fifo)
        case S_IFCHR, S_IFBLK: self.init(path: path, kind: .device)
        case S_IFSOCK: self.init(path: path, kind: .socket)
        default: self.init(path: path, kind: .other(errno: EINVAL))
        }
    }

    public var message: String {
        switch kind {
        case .missing: return "\(path) does not exist"
        case .permissionDenied: return "\(path) cannot be read: permission denied"
        case .symbolicLinkLoop: return "\(path) is a symbolic link loop (or a chain of too many links)"
        case .notADirectoryOnTheWay: return "\(path) cannot be reached: a part of the path is not a directory"
        case .isDirectory: return "\(path) is a directory, not a file"
        case .notDirectory: return "\(path) is not a directory"
        case .fifo: return "\(path) is a named pipe (FIFO), not a file"
        case .device: return "\(path) is a device, not a file"
        case .socket: return "\(path) is a socket, not a file"
        case .tooLarge(let limit): return "\(path) is larger than \(Self.size(limit))"
        case .notUTF8(let line, let column, let byte):
            return "\(path) is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) at line \(line), column \(column))"
        case .other(let code): return "\(path) cannot be read: \(String(cString: strerror(code)))"
        }
    }

    public var description: String { message }

    /// A Foundation error (from a write, say) as a sentence without its
    /// domain: the POSIX reason when there is one.
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch ns.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "it does not exist"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
        default: return "\(ns.localizedFailureReason ?? "the operation failed") (code \(ns.code))"
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}
