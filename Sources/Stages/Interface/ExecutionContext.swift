import Basics
import Foundation
import Query
import Tabular

/// Everything a pipeline run may use besides its stages. The shell keeps one
/// for the session and hands the executor a copy per statement with a fresh
/// `cancellation` token (`context.forRun()`).
public struct ExecutionContext: Sendable {
    /// PostgreSQL, opened lazily; nil when none is configured (store sources then fail with a connection error).
    public var database: (any DatabaseProvider)?
    /// Kafka for live sources; nil when none is configured.
    public var kafka: (any KafkaProvider)?
    /// The zone for reading dates (`since=2024-10-01`), bucketing days and
    /// showing times. The session's default; the executor replaces it with a
    /// source's `tz=` for that pipeline.
    public var timeZone: TimeZone
    /// Where sinks write (stdout in the shell).
    public var output: any OutputWriter
    public var terminal: TerminalFacts
    public var warnings: WarningChannel
    /// Ctrl-C for this run.
    public var cancellation: CancellationToken
    /// The sink added to pipelines that end without one (`.mode`, `--format`): table, csv, json or markdown.
    public var defaultSink: String
    /// Whether the planner may push stages into SQL; off runs everything
    /// after the source's own query in memory (tests compare both ways).
    public var pushDown: Bool
    /// The clock live sources use for `from=-10m` and `for=30s`.
    public var now: @Sendable () -> Date
    /// The text of the statement being run, for errors that point into it
    /// (the executor sets it; stages may throw `QueryError`s without a source).
    public var statement: SourceText?
    /// Where `decide rules=NAME` looks for NAME.rules, first match wins. The
    /// shell sets `RuleFileLocator.standard(currentDirectory:environment:shipped:).directories`
    /// (./queries/rules only when the user trusts the directory,
    /// $XDG_CONFIG_HOME/energiflow/rules, the shipped rules); the default is
    /// ./queries/rules only.
    public var rulesDirectories: [URL] = ExecutionContext.defaultRulesDirectories
    /// The stages the pipeline runs with (the planner sets it), for stages
    /// that plan pipelines of their own (`join ( … )`).
    public var registry: StageRegistry<any Stage>?

    /// `./queries/rules` in the current directory.
    public static var defaultRulesDirectories: [URL] {
        [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("queries/rules")]
    }

    public init(database: (any DatabaseProvider)? = nil, kafka: (any KafkaProvider)? = nil,
                timeZone: TimeZone = .copenhagen, output: any OutputWriter = FileOutput.standardOutput,
                terminal: TerminalFacts = .plain, warnings: WarningChannel = WarningChannel(),
                cancellation: CancellationToken = CancellationToken(), defaultSink: String = "table",
                pushDown: Bool = true, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.kafka = kafka
        self.timeZone = timeZone
        self.output = output
        self.terminal = terminal
        self.warnings = warnings
        self.cancellation = cancellation
        self.defaultSink = defaultSink
        self.pushDown = pushDown
        self.now = now
    }

    /// This context with a new cancellation token, for the next statement.
    public func forRun(_ token: CancellationToken = CancellationToken()) -> ExecutionContext {
        var copy = self
        copy.cancellation = token
        return copy
    }
}
