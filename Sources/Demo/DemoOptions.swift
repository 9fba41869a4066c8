import Foundation

/// How `energiflow demo` runs.
public struct DemoOptions: Sendable {
    /// Replay speed after the history: this many times real time (3600: one market hour a second).
    public var speed: Double
    /// Days of the data replayed at once at the start, so the charts and
    /// decisions have history; the rest is replayed at `speed`.
    public var historyDays: Int
    /// The embedded PostgreSQL cluster's folder; nil: the usual one
    /// (`$XDG_DATA_HOME/energiflow/postgres`), where the demo uses a database of its own.
    public var dataDirectory: URL?
    /// True: the REPL on a terminal. False: replay everything at once, run the
    /// teaching script, exit (scripts, tests).
    public var interactive: Bool
    public var environment: [String: String]

    public static let defaultSpeed = 3600.0
    public static let defaultHistoryDays = 56

    public init(speed: Double = DemoOptions.defaultSpeed, historyDays: Int = DemoOptions.defaultHistoryDays,
                dataDirectory: URL? = nil, interactive: Bool,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.speed = speed
        self.historyDays = historyDays
        self.dataDirectory = dataDirectory
        self.interactive = interactive
        self.environment = environment
    }
}
