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
