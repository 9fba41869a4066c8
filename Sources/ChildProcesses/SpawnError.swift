#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a child process could not be started: the system call that failed
/// (`pipe`, `posix_spawn`) and its errno. Callers turn it into their own
/// sentence (a plugin that is not executable, a server program that is missing).
public struct SpawnError: Error, Sendable, Hashable, CustomStringConvertible {
    public var errno: Int32
    /// The call that failed.
    public var what: String

    public init(errno: Int32, what: String) {
        self.errno = errno
        self.what = what
    }

    /// The system's text for `errno`: "No such file or directory".
    public var reason: String { String(cString: strerror(errno)) }

    /// The file is not a program the system can run (ENOEXEC: a script without `#!`).
    public var isNotAProgram: Bool { errno == ENOEXEC }
    /// The file (or a directory on its path) may not be executed (EACCES).
    public var isPermissionDenied: Bool { errno == EACCES }
    /// The file, or the interpreter its `#!` line names, does not exist (ENOENT).
    public var isMissing: Bool { errno == ENOENT }

    public var description: String { "\(what) failed: \(reason)" }
}
