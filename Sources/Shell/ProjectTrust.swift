import Files
import Foundation
import Plugins
import Services

/// The current directory's own plugins and queries — `./plugins`,
/// `./queries` and `./queries/rules` — and whether they may be used. A
/// cloned repository can hold any of them, and plugins are programs, so
/// they are used only when the user trusts the directory: recorded with
/// `energiflow trust` or `.trust` (`DirectoryTrust`), answered at the
/// REPL's prompt, or given for one run with `--trust`. The config folder and
/// the shipped queries are always used.
///
/// One instance is shared by a session's saved-query library, its plugin
/// discovery and its rules lookup, so `.trust` takes effect at once.
public final class ProjectTrust: @unchecked Sendable {
    public let directory: URL
    /// Where decisions are recorded; nil: nowhere (tests).
    public let store: DirectoryTrust?
    private let lock = NSLock()
    private var trusted: Bool

    /// `trustedForThisRun`: `--trust`; otherwise what `store` says.
    public init(directory: URL, store: DirectoryTrust?, trustedForThisRun: Bool = false) {
        self.directory = directory.standardizedFileURL
        self.store = store
        trusted = trustedForThisRun || store?.decision(for: directory) == .trusted
    }

    public var isTrusted: Bool { lock.withLock { trusted } }

    /// What the user decided before (nil store: undecided).
    public var recordedDecision: DirectoryTrust.Decision { store?.decision(for: directory) ?? .undecided }

    /// Trusts the directory for this session and, when `remember`, for good.
    public func trust(remember: Bool) throws {
        lock.withLock { trusted = true }
        if remember { try store?.record(.trusted, for: directory) }
    }

    /// Records a "no" (from the prompt) so it is not asked again.
    public func decline() throws {
        try store?.record(.declined, for: directory)
    }

    public var queriesDirectory: URL { directory.appendingPathComponent("queries", isDirectory: true) }
    public var rulesDirectory: URL { directory.appendingPathComponent("queries/rules", isDirectory: true) }
    public var pluginsDirectory: URL { directory.appendingPathComponent("plugins", isDirectory: true) }

    /// What there is to trust here.
    public struct Contents: Sendable, Equatable {
        public var plugins: [String] = []
        public var queries = 0
        public var rules = 0
        public var isEmpty: Bool { plugins.isEmpty && queries == 0 && rules == 0 }

        /// "./plugins (energiflow-zscore), ./queries (3 saved queries, 1 rules file)".
        public var summary: String {
            var parts: [String] = []
            if !plugins.isEmpty { parts.append("./plugins (\(plugins.joined(separator: ", ")))") }
            var inQueries: [String] = []
            if queries > 0 { inQueries.append("\(queries) saved quer\(queries == 1 ? "y" : "ies")") }
            if rules > 0 { inQueries.append("\(rules) rules file\(rules == 1 ? "" : "s")") }
            if !inQueries.isEmpty { parts.append("./queries (\(inQueries.joined(separator: ", ")))") }
            return parts.joined(separator: " and ")
        }
    }

    /// The plugin files, saved queries and rules files here; `./queries`
    /// does not count when it is the folder of shipped queries (running in
    /// EnergiFlow's own checkout).
    public func contents(shippedQueries: URL?) -> Contents {
        var contents = Contents()
        let names = (try? DirectoryListing.names(pluginsDirectory.path)) ?? []
        contents.plugins = names.filter { $0.hasPrefix(Plugin.filePrefix) && !$0.hasSuffix("~") }
        if let shippedQueries, DirectoryTrust.key(shippedQueries) == DirectoryTrust.key(queriesDirectory) { return contents }
        contents.queries = ((try? DirectoryListing.names(queriesDirectory.path)) ?? []).filter { $0.hasSuffix(".efq") }.count
        contents.rules = ((try? DirectoryListing.names(rulesDirectory.path)) ?? []).filter { $0.hasSuffix(".rules") }.count
        return contents
    }

    /// The sentence telling the user what was left out and how to use it.
    public func notice(_ contents: Contents) -> String {
        "note: this directory's \(contents.summary) \(contents.plugins.count + contents.queries + contents.rules == 1 ? "is" : "are") "
            + "not used: \(directory.path) is not trusted. '.trust' trusts it (or run with --trust, or `energiflow trust`)."
    }
}
