import Files
import Foundation

/// Which secrets (see `PluginEnvironment.isSecret`) the user lets each
/// plugin see, when its manifest asks for them. Kept in
/// `$XDG_CONFIG_HOME/energiflow/plugin-secrets`, one plugin per line:
///
///     # plugin   variables it may see
///     co2        CO2_API_TOKEN
///     archive    DATABASE_URL
///
/// A plugin given `DATABASE_URL` gets the URL queries use (the read-only
/// role), never the one ingest writes with.
public struct PluginAllowances: Sendable, Hashable {
    public var byPlugin: [String: Set<String>]

    public init(_ byPlugin: [String: Set<String>] = [:]) {
        self.byPlugin = byPlugin
    }

    public static let fileName = "plugin-secrets"

    /// What `plugin` may see of what it asks for.
    public func allowed(for plugin: String) -> Set<String> { byPlugin[plugin] ?? [] }

    /// Reads the lines described above; `#` starts a comment; words that are
    /// not variable names are skipped.
    public static func parse(_ text: String) -> PluginAllowances {
        var byPlugin: [String: Set<String>] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let plugin = words.first, words.count > 1 else { continue }
            byPlugin[plugin, default: []].formUnion(words.dropFirst().filter(PluginEnvironment.isVariableName))
        }
        return PluginAllowances(byPlugin)
    }

    /// The file in `configDirectory` (`$XDG_CONFIG_HOME/energiflow`); none when it does not exist or cannot be read.
    public static func load(configDirectory: URL) -> PluginAllowances {
        let url = configDirectory.appendingPathComponent(fileName)
        guard let text = try? TextFile.read(url.path, limit: 1 << 20) else { return PluginAllowances() }
        return parse(text)
    }
}
