import ErrorReporting
import Foundation
import LineEditor
import Plugins
import Postgres
import Query
import Rules
import Services
import Stages

/// Wires a session to this process: PostgreSQL from DATABASE_URL / PG* /
/// the embedded cluster (connected lazily, on the first statement that needs
/// it), Kafka from KAFKA_BROKERS or a running `energiflow broker`, stdout for
/// results, stderr for messages, saved queries from the user's config folder
/// and the shipped ones — and from ./queries and ./plugins only when the user
/// trusts the current directory (`ProjectTrust`). The executable calls one
/// `run…` method and exits with what it returns; SIGTERM or SIGHUP meanwhile
/// stop every plugin (and what it started) before EnergiFlow ends.
public struct ShellLauncher {
    public var settings: ShellSettings
    public var environment: [String: String]
    /// Printed above the first prompt of an interactive session.
    public var banner: String?
    /// The stages; nil: the built-ins and the plugins found in ./plugins,
    /// `$XDG_CONFIG_HOME/energiflow/plugins` and PATH.
    public var stages: (any StageProvider)?
    /// The store to use instead of DATABASE_URL / PG* / the embedded cluster (the demo's own database).
    public var database: (any DatabaseProvider)?
    /// The Kafka to use instead of KAFKA_BROKERS / `energiflow broker` (the demo's in-process cluster).
    public var kafka: (any KafkaProvider)?
    /// What the prompt says it is connected to (`energiflow[demo]> `); nil: the database's kind.
    public var label: String?
    /// `--trust`: use ./plugins and ./queries of the current directory for this run.
    public var trustCurrentDirectory = false
    /// Whether the REPL asks, on a terminal, to trust a directory with
    /// plugins or queries (`TrustPrompt`); the demo does not.
    public var asksToTrust = true

    public init(settings: ShellSettings = ShellSettings(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                banner: String? = nil, stages: (any StageProvider)? = nil) {
        self.settings = settings
        self.environment = environment
        self.banner = banner
        self.stages = stages
    }

    var paths: EnergiFlowPaths { EnergiFlowPaths(environment: environment) }

    // MARK: Entry points

    /// The REPL. With `startupProbe` it stops where it would wait for the
    /// first line: prints the prompt, the time since `startedAt` to stderr
    /// (`startup: 12.3 ms to the first prompt`), and returns 0; scripts/bench
    /// times the whole process around it.
    public func runInteractive(startupProbe: Bool = false, startedAt: DispatchTime? = nil) -> ExitStatus {
        let stopper = PluginStopper()
        defer { stopper.finish() }
        let trust = projectTrust()
        if asksToTrust, !startupProbe, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
            TrustPrompt(trust: trust, shippedQueries: paths.shippedQueriesDirectory).ask()
        }
        let session = makeSession(interactive: true, trust: trust)
        if session.settings.maxRows == nil { session.settings.maxRows = ShellSettings.interactiveMaxRows }
        let editor = LineEditor(programName: "energiflow", historyFile: paths.historyFile)
        let completer = Completer(stages: { [stages = session.stages] in stages.registryIfReady() },
                                  allStages: { [stages = session.stages] in stages.fullRegistry() },
                                  library: session.library,
                                  variables: { [session] in session.environment.names },
                                  areas: AreaCodes(database: session.context.database).list,
                                  rules: { [directories = session.context.rulesDirectories] in
                                      RuleFileLocator(directories: directories).availableNames()
                                  })
        let shell = InteractiveShell(session: session, editor: editor,
                                     label: label ?? DatabaseTarget.resolve(environment: environment).label,
                                     completer: completer)
        if startupProbe {
            FileHandle.standardOutput.write(Data(shell.prompt.utf8))
            let elapsed = startedAt.map { Double(DispatchTime.now().uptimeNanoseconds - $0.uptimeNanoseconds) / 1e6 }
            session.tell("\nstartup: " + (elapsed.map { String(format: "%.1f ms", $0) } ?? "?") + " to the first prompt")
            return .success
        }
        if let banner, editor.isInteractive { session.tell(banner) }
        session.interrupts?.install()
        defer { session.interrupts?.uninstall() }
        return shell.run()
    }

    /// `energiflow -c TEXT [name=value ...]`.
    public func runCommand(_ text: String, assignments: [String]) -> ExitStatus {
        let stopper = PluginStopper()
        defer { stopper.finish() }
        let session = makeSession(interactive: false)
        if let status = define(assignments, in: session) { return status }
        return ScriptRunner(session: session).run(text, name: nil)
    }

    /// Statements on stdin (not a terminal), run as they arrive.
    public func runStandardInput(assignments: [String]) -> ExitStatus {
        let stopper = PluginStopper()
        defer { stopper.finish() }
        let session = makeSession(interactive: false)
        if let status = define(assignments, in: session) { return status }
        return ScriptRunner(session: session).run(lines: { readLine(strippingNewline: true) }, name: "<stdin>")
    }

    /// `energiflow run NAME|FILE.efq [name=value ...]`: the parameters become variables.
    public func runSavedQuery(_ reference: String, assignments: [String]) -> ExitStatus {
        let stopper = PluginStopper()
        defer { stopper.finish() }
        let session = makeSession(interactive: false)
        do {
            let query = try session.library.load(reference)
            session.environment = try query.environment(given: assignments)
            return ScriptRunner(session: session).run(query.source.text, name: query.path)
        } catch {
            return session.report(error).status
        }
    }

    // MARK: Wiring

    /// Command-line `name=value` variables; a malformed one is a usage error (2).
    func define(_ assignments: [String], in session: Session) -> ExitStatus? {
        for text in assignments {
            do {
                try session.environment.define(commandLine: text)
            } catch {
                session.tell(error.rendered())
                return .usage
            }
        }
        return nil
    }

    /// The current directory's trust: `--trust`, else what the user recorded.
    func projectTrust() -> ProjectTrust {
        ProjectTrust(directory: currentDirectory, store: DirectoryTrust(paths: paths), trustedForThisRun: trustCurrentDirectory)
    }

    func makeSession(interactive: Bool, trust: ProjectTrust? = nil) -> Session {
        let trust = trust ?? projectTrust()
        let messages = FileOutput(.standardError)
        let warnings = WarningChannel { warning in
            try? messages.write(warning.description + "\n")
            try? messages.flush()
        }
        let connector = DatabaseConnector(environment: environment)
        let database = self.database ?? LazyDatabase { try Self.connect(connector, messages: messages) }
        var context = ExecutionContext(database: database, kafka: kafka ?? ServiceKafkaProvider(environment: environment),
                                       output: FileOutput.standardOutput, warnings: warnings)
        let rules = RuleFileLocator.standard(
            currentDirectory: currentDirectory, environment: environment,
            shipped: paths.shippedQueriesDirectory?.appendingPathComponent("rules", isDirectory: true)).directories
        // The first is ./queries/rules: only while trusted (the shipped rules may be the same folder, and stay).
        context.rulesDirectories = trust.isTrusted ? rules : Array(rules.dropFirst())
        let stages = self.stages ?? PluginStageProvider(plugins: PluginCatalogCache { [environment, paths] in
            Self.pluginDiscovery(trust: trust, environment: environment, paths: paths, connector: connector).discover()
        })
        let session = Session(stages: stages, context: context, messages: messages,
                              library: library(trust: trust), saveDirectory: paths.userQueriesDirectory, settings: settings,
                              terminal: Terminal(environment: environment),
                              interrupts: InterruptGuard(keepInstalled: interactive))
        session.trust = trust
        return session
    }

    /// Plugins from ./plugins (listed but not run unless the directory is
    /// trusted), the config folder and PATH. They are given `DATABASE_URL` only
    /// when the user allowed it, and then the URL queries use (the read-only role).
    static func pluginDiscovery(trust: ProjectTrust, environment: [String: String], paths: EnergiFlowPaths,
                                connector: DatabaseConnector) -> PluginDiscovery {
        var directories = PluginDirectory.defaults(environment: environment, currentDirectory: trust.directory.path)
        var untrusted: [PluginDirectory] = []
        if !trust.isTrusted {
            untrusted = directories.filter { $0.origin == .project }
            directories.removeAll { $0.origin == .project }
        }
        var base = environment
        if let queryURL = connector.queryURL {
            base["DATABASE_URL"] = queryURL
        } else if case .embedded(let cluster) = connector.target {
            base["DATABASE_URL"] = cluster.url(role: .query)
        }
        return PluginDiscovery(directories: directories, untrusted: untrusted, environment: base,
                               allowances: PluginAllowances.load(configDirectory: paths.configDirectory))
    }

    var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true) }

    /// ./queries (while trusted), then `$XDG_CONFIG_HOME/energiflow/queries`, then the shipped queries.
    func library(trust: ProjectTrust? = nil) -> SavedQueryLibrary {
        let paths = self.paths
        return SavedQueryLibrary(directories: [paths.userQueriesDirectory] + [paths.shippedQueriesDirectory].compactMap { $0 },
                                 project: trust ?? projectTrust())
    }

    /// A connection for queries (the read-only role, see `DatabaseConnector.connectForQueries`);
    /// "cannot connect" is a connection error (exit 3).
    static func connect(_ connector: DatabaseConnector, messages: any OutputWriter) throws -> PostgresConnection {
        if case .embedded(let cluster) = connector.target, !cluster.status().running {
            try? messages.write("starting the embedded PostgreSQL in \(cluster.directory.path) …\n")
            try? messages.flush()
        }
        do {
            return try connector.connectForQueries()
        } catch let error as ServiceError {
            throw ExecutionError(.connection, error.message, cause: error)
        }
    }
}
