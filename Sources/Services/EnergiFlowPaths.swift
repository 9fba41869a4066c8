import Foundation

/// Where EnergiFlow keeps its files, following the XDG base directory spec:
/// data (the embedded PostgreSQL cluster), state (history, the running
/// broker's address) and config (user rules, plugins).
public struct EnergiFlowPaths: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    var home: URL {
        URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory(), isDirectory: true)
    }

    private func xdg(_ variable: String, default relative: String) -> URL {
        if let value = environment[variable], value.hasPrefix("/") {
            return URL(fileURLWithPath: value, isDirectory: true).appendingPathComponent("energiflow", isDirectory: true)
        }
        return home.appendingPathComponent(relative, isDirectory: true).appendingPathComponent("energiflow", isDirectory: true)
    }

    /// `$XDG_DATA_HOME/energiflow` (default `~/.local/share/energiflow`).
    public var dataDirectory: URL { xdg("XDG_DATA_HOME", default: ".local/share") }
    /// `$XDG_STATE_HOME/energiflow` (default `~/.local/state/energiflow`).
    public var stateDirectory: URL { xdg("XDG_STATE_HOME", default: ".local/state") }
    /// `$XDG_CONFIG_HOME/energiflow` (default `~/.config/energiflow`).
    public var configDirectory: URL { xdg("XDG_CONFIG_HOME", default: ".config") }

    /// The REPL's history file.
    public var historyFile: URL { stateDirectory.appendingPathComponent("history") }

    /// Where a running `energiflow broker` records its address.
    public var brokerFile: URL { stateDirectory.appendingPathComponent("broker.json") }

    /// The embedded PostgreSQL cluster's folder. As root the server runs as an
    /// unprivileged user that cannot enter root's home, so root's default is
    /// /var/lib/energiflow/postgres unless XDG_DATA_HOME says otherwise.
    public var defaultPostgresDirectory: URL {
        if getuid() == 0 && environment["XDG_DATA_HOME"] == nil {
            return URL(fileURLWithPath: "/var/lib/energiflow/postgres", isDirectory: true)
        }
        return dataDirectory.appendingPathComponent("postgres", isDirectory: true)
    }
}

extension EnergiFlowPaths {
    /// The folder of queries and rules that ship with EnergiFlow (the
    /// repository's `queries/`). Found from the running executable: a build in
    /// `<repo>/.build/...` finds `<repo>/queries`; an install finds
    /// `<prefix>/share/energiflow/queries`. `ENERGIFLOW_SHIPPED_QUERIES` overrides.
    public var shippedQueriesDirectory: URL? {
        if let override = environment["ENERGIFLOW_SHIPPED_QUERIES"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let fm = FileManager.default
        var directory = Self.executableURL.deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [directory.appendingPathComponent("queries"),
                              directory.appendingPathComponent("share/energiflow/queries")] {
                if fm.fileExists(atPath: candidate.appendingPathComponent("rules/default.rules").path) { return candidate }
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// The running executable, symlinks resolved.
    static var executableURL: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// Where user queries and rules live: `$XDG_CONFIG_HOME/energiflow/{queries,rules}`.
    public var userQueriesDirectory: URL { configDirectory.appendingPathComponent("queries", isDirectory: true) }
    public var userRulesDirectory: URL { configDirectory.appendingPathComponent("rules", isDirectory: true) }
    public var userPluginsDirectory: URL { configDirectory.appendingPathComponent("plugins", isDirectory: true) }
}
