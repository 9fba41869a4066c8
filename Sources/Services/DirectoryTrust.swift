import Files
import Foundation

/// The directories whose `./plugins` and `./queries` the user lets EnergiFlow
/// use, as direnv's `allow` and git's `safe.directory` do: a cloned
/// repository's plugins are programs, and its saved queries and rules run
/// when named, so neither is used until the user says so.
///
/// Kept in `$XDG_CONFIG_HOME/energiflow/trusted-directories`, one absolute
/// path per line (symbolic links resolved); a line `!PATH` records a "no"
/// from the prompt, so it is not asked again. `energiflow trust` and `.trust`
/// write it.
public struct DirectoryTrust: Sendable {
    public enum Decision: Sendable, Equatable {
        case trusted, declined, undecided
    }

    public var file: URL

    public static let fileName = "trusted-directories"

    public init(file: URL) {
        self.file = file
    }

    public init(paths: EnergiFlowPaths) {
        self.init(file: paths.configDirectory.appendingPathComponent(Self.fileName))
    }

    /// What the user decided for `directory`.
    public func decision(for directory: URL) -> Decision {
        let path = Self.key(directory)
        var decision = Decision.undecided
        for line in lines() {
            if line == path { decision = .trusted }
            if line == "!" + path { decision = .declined }
        }
        return decision
    }

    /// Every directory with a decision, in the order recorded.
    public func decisions() -> [(path: String, decision: Decision)] {
        lines().map { $0.hasPrefix("!") ? (String($0.dropFirst()), .declined) : ($0, .trusted) }
    }

    /// Records `decision` for `directory` (`.undecided` forgets it).
    public func record(_ decision: Decision, for directory: URL) throws {
        let path = Self.key(directory)
        var kept = lines().filter { $0 != path && $0 != "!" + path }
        switch decision {
        case .trusted: kept.append(path)
        case .declined: kept.append("!" + path)
        case .undecided: break
        }
        let text = "# Directories whose ./plugins and ./queries energiflow uses (`energiflow trust`); !PATH: declined.\n"
            + kept.map { $0 + "\n" }.joined()
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw ServiceError(.settings, "cannot record the trusted directories in \(file.path): \(FileError.describe(error))")
        }
    }

    /// A directory as it is recorded: absolute, symbolic links resolved.
    public static func key(_ directory: URL) -> String {
        directory.standardizedFileURL.resolvingSymlinksInPath().path
    }

    private func lines() -> [String] {
        guard let text = try? TextFile.read(file.path, limit: 1 << 20) else { return [] }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
