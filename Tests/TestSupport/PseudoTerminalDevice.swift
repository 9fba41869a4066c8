import Foundation

/// Opens a new pseudo-terminal: its master side and the path of its slave,
/// for tests that drive a line editor or a whole program as a user would.
public enum PseudoTerminalDevice {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `flags` for posix_openpt (O_RDWR | O_NOCTTY, maybe O_CLOEXEC).
    public static func open(flags: Int32) throws -> (master: Int32, slavePath: String) {
        // posix_openpt & co. sit behind _XOPEN_SOURCE in <stdlib.h>, which
        // Swift's Glibc module does not define: look them up in libc instead.
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let libc = dlopen(nil, RTLD_NOW)
        guard let openpt = dlsym(libc, "posix_openpt").map({ unsafeBitCast($0, to: IntFunction.self) }),
              let grantpt = dlsym(libc, "grantpt").map({ unsafeBitCast($0, to: IntFunction.self) }),
              let unlockpt = dlsym(libc, "unlockpt").map({ unsafeBitCast($0, to: IntFunction.self) }),
              let ptsname = dlsym(libc, "ptsname").map({ unsafeBitCast($0, to: NameFunction.self) }) else {
            throw Failure(description: "posix_openpt, grantpt, unlockpt or ptsname not found in libc")
        }
        let master = openpt(flags)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw Failure(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        return (master, String(cString: name))
    }
}
