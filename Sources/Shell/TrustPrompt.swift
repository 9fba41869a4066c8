import Foundation
import Services

/// Asks once, on a terminal, before the REPL's first prompt, whether to use
/// the current directory's ./plugins and ./queries — as direnv and git's
/// safe.directory do, nothing from a cloned repository runs unasked:
///
///     This directory has ./plugins (energiflow-zscore) and ./queries (3 saved queries).
///     Plugins are programs that run as you, and saved queries and rules run when named;
///     energiflow uses them only in directories you trust.
///     Trust /home/me/repo? [y] yes, remember  [n] no, do not ask again  [Enter] not now:
///
/// "y" records the directory as trusted; "n" records the refusal (so it is
/// not asked again; `.trust` changes it); anything else leaves it for next time.
struct TrustPrompt {
    var trust: ProjectTrust
    var shippedQueries: URL?
    /// Reads the answer (a line); nil at the end of input.
    var readAnswer: () -> String? = TrustPrompt.readLineUnbuffered
    /// Writes to the terminal (stderr).
    var write: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    func ask() {
        let contents = trust.contents(shippedQueries: shippedQueries)
        guard !trust.isTrusted, !contents.isEmpty else { return }
        guard trust.recordedDecision == .undecided else {
            write(trust.notice(contents) + "\n")
            return
        }
        write("""
            This directory has \(contents.summary).
            Plugins are programs that run as you, and saved queries and rules run when named;
            energiflow uses them only in directories you trust.
            Trust \(trust.directory.path)? [y] yes, remember  [n] no, do not ask again  [Enter] not now: 
            """)
        let answer = readAnswer()?.trimmingCharacters(in: .whitespaces).lowercased()
        do {
            switch answer {
            case "y", "yes":
                try trust.trust(remember: true)
                write("trusted \(trust.directory.path) ('energiflow trust --remove' undoes it)\n")
            case "n", "no":
                try trust.decline()
                write(trust.notice(contents) + "\n")
            default:
                write(trust.notice(contents) + "\n")
            }
        } catch {
            write("error: \(error)\n")
        }
    }

    /// One line from stdin, a byte at a time, so nothing typed after it is
    /// left in a buffer the line editor never sees.
    static func readLineUnbuffered() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            if bytes.count < 1024 { bytes.append(byte) }
        }
    }
}
