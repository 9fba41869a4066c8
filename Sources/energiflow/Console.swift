import ErrorReporting
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes straight to the standard streams, unbuffered, so a script reading
/// our output through a pipe sees each line as soon as it is written.
///
/// A reader that went away (`energiflow status | head -3`) ends the program
/// quietly, as it ends `cat`: `ExitStatus.brokenPipe` (141, SIGPIPE's), not
/// a crash — Foundation's FileHandle.write traps on EPIPE.
enum Console {
    static func out(_ line: String) {
        write(line + "\n", to: STDOUT_FILENO)
    }

    static func error(_ line: String) {
        write(line + "\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno == EINTR {
                    continue
                } else if errno == EPIPE {
                    exit(ExitStatus.brokenPipe.rawValue)
                } else {
                    return  // nowhere to say it
                }
            }
        }
    }
}
