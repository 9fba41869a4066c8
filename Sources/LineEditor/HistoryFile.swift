import Foundation

/// The history file: UTF-8 text, a header line, then one entry per line,
/// oldest first. A line break inside an entry (a multi-line statement) is
/// written `\n`, a carriage return `\r`, a backslash `\\`, so every entry
/// stays one line and the file remains readable and greppable.
///
/// (libedit's own H_SAVE format would also keep newlines, via strvis, but its
/// H_LOAD writes one byte past its buffer for lines of exactly 1024 bytes, and
/// its escapes make the file unreadable to people.)
enum HistoryFile {
    static let header = "# EnergiFlow history: one entry per line, oldest first; \\n is a line break, \\\\ a backslash"

    static func encode(_ entries: [String]) -> String {
        var text = header + "\n"
        for entry in entries {
            for scalar in entry.unicodeScalars {
                switch scalar {
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\n"
        }
        return text
    }

    static func decode(_ text: String) -> [String] {
        var entries: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if lines.first.map(String.init) == header { lines.removeFirst() }
        for line in lines {
            var entry = String.UnicodeScalarView()
            var escaped = false
            for scalar in line.unicodeScalars {
                if escaped {
                    switch scalar {
                    case "n": entry.append("\n")
                    case "r": entry.append("\r")
                    case "\\": entry.append("\\")
                    default: entry.append("\\"); entry.append(scalar)   // unknown escape: keep as written
                    }
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else {
                    entry.append(scalar)
                }
            }
            if escaped { entry.append("\\") }
            entries.append(String(entry))
        }
        return entries
    }

    /// Entries of `url`; [] when the file does not exist.
    static func load(_ url: URL) throws(LineEditorError) -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return []
        } catch {
            throw LineEditorError(code: .cannotReadHistory,
                                  message: "cannot read the history file \(url.path) (\(error.localizedDescription)); check its permissions, or move it away to start afresh.",
                                  path: url.path, cause: error)
        }
        return decode(String(decoding: data, as: UTF8.self))
    }

    /// Writes `entries` atomically (temporary file, then rename), readable by
    /// the owner only (history may hold connection strings); creates missing
    /// parent directories.
    static func save(_ entries: [String], to url: URL) throws(LineEditorError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(encode(entries).utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw LineEditorError(code: .cannotWriteHistory,
                                  message: "cannot save the history to \(url.path) (\(error.localizedDescription)); check that its directory is writable, or set another history file.",
                                  path: url.path, cause: error)
        }
    }
}
