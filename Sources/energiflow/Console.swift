import Foundation

/// Writes straight to the standard streams, unbuffered, so a script reading
/// our output through a pipe sees each line as soon as it is written.
enum Console {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
