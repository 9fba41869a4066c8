/// The one error type of the Plugins module: a plugin that cannot be
/// discovered (a broken manifest) or that fails while it runs.
///
/// It names the plugin and its file, says what went wrong and what to do,
/// and keeps what the plugin said on stderr and the output line at fault.
/// `rendered()` is the text users see:
///
///     error: plugin 'zscore' wrote invalid JSON on output line 2: unexpected 'g', expected a JSON value (column 1)
///       plugin: ./plugins/energiflow-zscore
///       line 2: garbage
///       stderr:
///         | warning: something
///       = note: every stdout line must be one JSON object; write messages to stderr
///
/// Callers decide what follows: the REPL prints it and goes on, a script
/// prints it and exits 1. Nothing here ends the process.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Discovery.
        /// The file is not executable (chmod +x) or cannot be started.
        case notExecutable
        /// `energiflow-<name>`: the name is not a usable stage name.
        case invalidName
        /// `--describe` exited non-zero, by a signal, or printed nothing.
        case describeFailed
        /// `--describe` ran past its time limit and was killed.
        case describeTimedOut
        /// The manifest is not JSON, lacks a field, has a wrong type or value.
        case invalidManifest
        // Running.
        /// posix_spawn or a pipe failed.
        case spawnFailed
        /// The plugin exited with a non-zero status.
        case exitedNonZero
        /// The plugin was ended by a signal it did not get from us (a crash, SIGKILL from outside).
        case killedBySignal
        /// The plugin ran past its timeout and was killed (with its process group).
        case timedOut
        /// An output line is not valid JSON.
        case invalidJSON
        /// An output line is JSON but not an object.
        case notAnObject
        /// An output value does not fit its column, or a column appears that the first row did not have.
        case invalidRow
        /// The caller cancelled the run (Ctrl-C); the plugin was killed.
        case cancelled
        /// The rows feeding the plugin failed upstream; the plugin was killed.
        case inputFailed
        /// Reading or writing the pipes failed.
        case ioFailed
    }

    public var code: Code
    /// The stage name (`zscore`), or the file name when the name is unusable.
    public var plugin: String
    /// The executable's path.
    public var path: String
    /// One sentence: what went wrong.
    public var message: String
    /// What to do about it.
    public var note: String?
    /// The last lines the plugin wrote to stderr, trimmed; empty when none.
    public var stderr: String
    /// The output line at fault (1-based), with its text (cut to 200 characters).
    public var line: Int?
    public var lineText: String?
    /// The error underneath (an errno, an upstream stage's error).
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, plugin: String, path: String, _ message: String, note: String? = nil,
                stderr: String = "", line: Int? = nil, lineText: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.plugin = plugin
        self.path = path
        self.message = message
        self.note = note
        self.stderr = PluginError.tail(stderr)
        self.line = line
        self.lineText = lineText.map(PluginError.cut)
        self.cause = cause
    }

    /// How many stderr lines an error keeps.
    public static let stderrLines = 20

    public var description: String { rendered() }

    /// The full text, several lines, no trailing newline.
    public func rendered() -> String {
        var lines = ["error: \(message)", "  plugin: \(path)"]
        if let line, let lineText { lines.append("  line \(line): \(PluginError.escaped(lineText))") }
        if !stderr.isEmpty {
            lines.append("  stderr:")
            lines += stderr.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + PluginError.escaped(String($0)) }
        }
        if let note { lines.append("  = note: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// The last `stderrLines` non-blank-trailing lines of `text`.
    static func tail(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        if lines.count > stderrLines {
            let dropped = lines.count - stderrLines
            lines = ["… (\(dropped) earlier line\(dropped == 1 ? "" : "s"))"] + lines.suffix(stderrLines)
        }
        return lines.joined(separator: "\n")
    }

    static func cut(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// Control characters shown as `\u{1b}` so a plugin cannot drive the terminal.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\t" { out += "  " }
            else if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
