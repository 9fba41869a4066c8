#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The names in a directory, or why it cannot be listed as a `FileError`
/// ("./queries is a symbolic link loop", "./plugins is not a directory").
public enum DirectoryListing {
    /// The names in `path`, sorted; `shownAs` names it in errors.
    public static func names(_ path: String, shownAs shown: String? = nil) throws(FileError) -> [String] {
        let name = shown ?? path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOTDIR {
                // The path itself is no directory (or a part of it is not).
                var info = stat()
                if stat(path, &info) == 0 { throw FileError(path: name, kind: .notDirectory) }
            }
            throw FileError(path: name, errno: code)
        }
        _ = close(fd)
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw FileError(path: name, kind: .permissionDenied)
        }
    }

    /// The names in `path`, or nil when it does not exist; other problems are thrown.
    public static func namesIfPresent(_ path: String, shownAs shown: String? = nil) throws(FileError) -> [String]? {
        do {
            return try names(path, shownAs: shown)
        } catch where error.kind == .missing {
            return nil
        }
    }
}
