#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Stages

/// Where results go, as far as sinks care: whether it is a terminal, how
/// wide and tall it is (asked again before every statement, so resizing the
/// window counts), and whether to colour.
public struct Terminal: Sendable {
    /// The descriptor results are written to (stdout).
    public var outputDescriptor: Int32
    public var environment: [String: String]

    public init(outputDescriptor: Int32 = STDOUT_FILENO, environment: [String: String]) {
        self.outputDescriptor = outputDescriptor
        self.environment = environment
    }

    public var isTerminal: Bool { isatty(outputDescriptor) == 1 }

    /// The facts for the next statement under `settings`: `.width` wins, then
    /// an exported COLUMNS, then the tty's own width; no width when piped.
    public func facts(_ settings: ShellSettings) -> TerminalFacts {
        let terminal = isTerminal
        let size = terminal ? windowSize() : nil
        var width = settings.width ?? Self.positive(environment["COLUMNS"]) ?? size?.columns
        if let w = width { width = max(ShellSettings.minimumWidth, w) }
        let height = Self.positive(environment["LINES"]) ?? size?.rows
        return TerminalFacts(width: width, height: height, isTerminal: terminal,
                             color: settings.color.resolve(isTerminal: terminal, environment: environment),
                             maxRows: terminal ? settings.maxRows : nil)
    }

    /// TIOCGWINSZ on the output descriptor; nil when it is not a terminal or says 0.
    public func windowSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(outputDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    static func positive(_ text: String?) -> Int? {
        guard let text, let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 else { return nil }
        return n
    }
}
