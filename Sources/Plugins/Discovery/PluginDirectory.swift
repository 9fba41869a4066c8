import Foundation

/// Where a plugin was found.
public enum PluginOrigin: String, Sendable, Hashable, CaseIterable {
    /// `./plugins` in the current directory (the project's plugins).
    case project
    /// `$XDG_CONFIG_HOME/energiflow/plugins` (default `~/.config/energiflow/plugins`).
    case config
    /// A directory on PATH.
    case path

    /// For listings: `./plugins`, `config`, `PATH`.
    public var label: String {
        switch self {
        case .project: return "./plugins"
        case .config: return "config"
        case .path: return "PATH"
        }
    }
}

/// One directory searched for `energiflow-<stage>` executables.
public struct PluginDirectory: Sendable, Hashable {
    public var path: String
    public var origin: PluginOrigin

    public init(_ path: String, origin: PluginOrigin) {
        self.path = path
        self.origin = origin
    }

    /// The directories searched by default, in order (the first file found
    /// for a name wins): `<currentDirectory>/plugins`, then
    /// `$XDG_CONFIG_HOME/energiflow/plugins` (`$HOME/.config/…` when
    /// XDG_CONFIG_HOME is unset, empty or relative, as the XDG spec says),
    /// then each PATH entry. Empty and relative PATH entries are skipped (a
    /// relative entry would make discovery depend on where it runs).
    public static func defaults(environment: [String: String], currentDirectory: String) -> [PluginDirectory] {
        var dirs = [PluginDirectory(join(currentDirectory, "plugins"), origin: .project)]
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            dirs.append(PluginDirectory(join(xdg, "energiflow/plugins"), origin: .config))
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            dirs.append(PluginDirectory(join(home, ".config/energiflow/plugins"), origin: .config))
        }
        for entry in (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true)
        where entry.hasPrefix("/") {
            dirs.append(PluginDirectory(String(entry), origin: .path))
        }
        return dirs
    }

    /// `defaults` for this process.
    public static func defaults() -> [PluginDirectory] {
        defaults(environment: ProcessInfo.processInfo.environment,
                 currentDirectory: FileManager.default.currentDirectoryPath)
    }

    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
