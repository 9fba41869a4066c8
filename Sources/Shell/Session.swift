import ErrorReporting
import Foundation
import Plugins
import Query
import Stages

/// One EnergiFlow session: runs statements typed at the prompt, given with
/// `-c`, read from stdin or from a saved query, and keeps what lives between
/// them — variables (`let`), settings (`.mode`, `.width`, `.timing`), the
/// last pipeline (for `.save`).
///
///     let session = Session(stages: PluginStageProvider(), context: context, messages: stderr, library: library)
///     switch session.run("let a = DK2\ndaily area=$a last=7d | csv") { … }
///
/// Results (sinks, dot command listings) go to `context.output`; errors,
/// warnings and timings to `messages`. Every error is reported there once,
/// with carets for query errors, and comes back as a `SessionOutcome` with
/// the exit status scripts use (`ErrorReport` decides both).
/// Statements run on the calling thread and block it: call from a thread of
/// your own, not the Swift concurrency pool.
public final class Session: @unchecked Sendable {
    public var settings: ShellSettings
    /// Variables from `let` and the command line.
    public var environment: Environment
    public let library: SavedQueryLibrary
    /// Where `.save` writes (`$XDG_CONFIG_HOME/energiflow/queries`); nil: `.save` is not available.
    public let saveDirectory: URL?
    public let stages: any StageProvider
    /// The history `.history` lists (the REPL's line editor); nil in scripts.
    public var history: (@Sendable () -> [String])?
    /// The text of the last pipeline run successfully at the top level, for `.save`.
    public private(set) var lastPipeline: String?
    /// The current directory's plugins and queries and whether they are used (`.trust`); nil: none.
    public var trust: ProjectTrust?

    /// The session's context: database, Kafka, output, warnings, time zone.
    /// Each run gets a copy with its own cancellation token, mode and terminal facts.
    var context: ExecutionContext
    let messages: any OutputWriter
    /// nil: output is not a terminal (tests); `settings.width` still applies.
    let terminal: Terminal?
    let interrupts: InterruptGuard?
    /// How deep saved queries run inside each other.
    var depth = 0
    static let maximumDepth = 16

    public init(stages: any StageProvider, context: ExecutionContext, messages: any OutputWriter,
                library: SavedQueryLibrary, saveDirectory: URL? = nil, settings: ShellSettings = ShellSettings(),
                environment: Environment = Environment(), terminal: Terminal? = nil, interrupts: InterruptGuard? = nil) {
        self.stages = stages
        self.context = context
        self.messages = messages
        self.library = library
        self.saveDirectory = saveDirectory
        self.settings = settings
        self.environment = environment
        self.terminal = terminal
        self.interrupts = interrupts
    }

    // MARK: Running text

    /// Parses and runs `text`: one or more statements. `name` is the file
    /// shown in errors (nil at the prompt and for `-c`); `firstLine` is the
    /// line of `text` within that file, so errors name the right line.
    /// Stops at the first failure unless `settings.continueOnError` (Ctrl-C
    /// and connection errors always stop); returns the first failure.
    @discardableResult
    public func run(_ text: String, name: String? = nil, firstLine: Int = 1) -> SessionOutcome {
        let source = SourceText(text, name: name, firstLine: firstLine)
        let script: Script
        do {
            script = try Parser.parse(source, stages: stages.parsing)
        } catch {
            return report(error)
        }
        // Waits for plugin discovery only when a name is not a built-in stage.
        let registry = stages.registry(for: Self.stageNames(in: script))
        for warning in stages.takeWarnings() { tell(warning) }
        var outcome = SessionOutcome.success
        for statement in script.statements {
            let result = execute(statement, in: source, registry: registry)
            switch result {
            case .success:
                continue
            case .quit:
                return outcome.isFailure ? outcome : .quit
            case .failure:
                if !outcome.isFailure { outcome = result }
                if result.stopsScript || !settings.continueOnError { return result }
            }
        }
        return outcome
    }

    /// Runs one parsed statement of `source`.
    func execute(_ statement: Statement, in source: SourceText, registry: StageRegistry<any Stage>) -> SessionOutcome {
        do {
            switch statement {
            case .let(let definition):
                try environment.apply(definition, in: source)
                return .success
            case .pipeline(let pipeline):
                let first = pipeline.stages[0]
                if registry.spec(named: first.name) == nil, library.entry(named: first.name) != nil {
                    if pipeline.stages.count == 1 { return try runSavedQuery(first, in: pipeline, source: source) }
                    try runSavedQueryAsSource(pipeline, explain: false, source: source, registry: registry)
                    if depth == 0 { lastPipeline = source.text(in: pipeline.range) }
                    return .success
                }
                try runPipeline(pipeline, explain: false, source: source, registry: registry)
                if depth == 0 { lastPipeline = source.text(in: pipeline.range) }
                return .success
            case .explain(let pipeline, _):
                let first = pipeline.stages[0]
                if registry.spec(named: first.name) == nil, library.entry(named: first.name) != nil {
                    try runSavedQueryAsSource(pipeline, explain: true, source: source, registry: registry)
                    return .success
                }
                try runPipeline(pipeline, explain: true, source: source, registry: registry)
                return .success
            case .dotCommand(let command):
                return try dotCommand(command, in: source, registry: registry)
            }
        } catch {
            return report(error, at: statement.range, in: source)
        }
    }

    /// Binds and runs (or explains) a pipeline with Ctrl-C wired to its token.
    func runPipeline(_ pipeline: Pipeline, explain: Bool, source: SourceText,
                     registry: StageRegistry<any Stage>) throws {
        let bound: [BoundStage]
        switch Result(catching: { () throws(QueryError) -> [BoundStage] in
            try Binder(stages: registry, environment: environment, source: source, otherStageNames: library.names).bind(pipeline)
        }) {
        case .success(let stages): bound = stages
        case .failure(let error): throw noteUntrustedPlugin(error)
        }
        try runBound(bound, explain: explain, source: source, registry: registry)
    }

    /// Runs (or explains) bound stages with Ctrl-C wired to the run's token.
    func runBound(_ bound: [BoundStage], explain: Bool, source: SourceText, registry: StageRegistry<any Stage>) throws {
        let executor = Executor(registry: registry)
        let token = CancellationToken()
        var context = self.context.forRun(token)
        context.defaultSink = settings.mode.rawValue
        context.terminal = terminalFacts()
        let run = { () throws(ExecutionError) -> ExecutionSummary in
            explain ? try executor.explain(bound, source: source, context: context)
                    : try executor.run(bound, source: source, context: context)
        }
        let summary: ExecutionSummary
        if let interrupts {
            summary = try interrupts.whileRunning(token, run)
        } else {
            summary = try run()
        }
        if settings.timing && !explain { tell(summary.timingText) }
    }

    /// `NAME param=value …` where NAME is a saved query: runs its file with
    /// the parameters as variables, in an environment of its own.
    func runSavedQuery(_ call: StageCall, in pipeline: Pipeline, source: SourceText) throws -> SessionOutcome {
        if pipeline.stages.count > 1 {
            let next = pipeline.stages[1]
            throw QueryError(.misplacedStage, "'\(call.name)' is a saved query; it runs on its own, not in a pipeline",
                             at: next.nameRange, in: source,
                             note: "add the stages to the query, or '.save' the whole pipeline as a new one")
        }
        let query = try library.load(call.name, at: call.nameRange, in: source)
        let variables = try query.environment(assigning: try assignments(call, for: query, source: source))
        guard depth < Self.maximumDepth else {
            throw QueryError(.other, "saved queries run inside each other more than \(Self.maximumDepth) deep",
                             at: call.nameRange, in: source, note: "does '\(call.name)' run itself?")
        }
        let outer = environment
        environment = variables
        depth += 1
        defer {
            environment = outer
            depth -= 1
        }
        return run(query.source.text, name: query.path)
    }

    /// An unknown stage that is a plugin in an untrusted ./plugins, or a
    /// saved query in an untrusted ./queries, says so.
    func noteUntrustedPlugin(_ error: QueryError) -> QueryError {
        guard error.code == .unknownStage, let trust, !trust.isTrusted, let name = error.source?.text(in: error.range) else { return error }
        let fm = FileManager.default
        var noted = error
        if fm.fileExists(atPath: trust.pluginsDirectory.appendingPathComponent(Plugin.filePrefix + name).path) {
            noted.note = "./plugins/\(Plugin.filePrefix)\(name) is not run: this directory is not trusted ('.trust', or run with --trust)"
        } else if fm.fileExists(atPath: trust.queriesDirectory.appendingPathComponent(name + ".efq").path) {
            noted.note = "./queries/\(name).efq is not used: this directory is not trusted ('.trust', or run with --trust)"
        } else {
            return error
        }
        noted.label = nil
        noted.suggestion = nil
        return noted
    }

    /// A call's `name=value` arguments as parameter assignments.
    func assignments(_ call: StageCall, for query: SavedQuery, source: SourceText) throws -> [SavedQuery.Assignment] {
        var assignments: [SavedQuery.Assignment] = []
        for argument in call.arguments {
            guard case .named(let named) = argument, named.op == .equal else {
                let names = query.parameters.map(\.name)
                throw QueryError(.unexpectedToken, "saved query '\(call.name)' takes parameters as name=value",
                                 at: argument.range, in: source,
                                 note: names.isEmpty ? "it takes no parameters" : "its parameters: \(names.joined(separator: ", "))")
            }
            assignments.append(SavedQuery.Assignment(name: named.name, value: try environment.resolve(named.value, in: source),
                                                     nameRange: named.nameRange, source: source))
        }
        return assignments
    }

    /// `NAME param=value … | stage …` where NAME is a saved query whose last
    /// statement is a pipeline without a sink: that pipeline (bound in the
    /// query's own variables, after its `let`s) is the source of this one,
    /// and the whole runs as one pipeline (pushed down where it can be).
    func runSavedQueryAsSource(_ pipeline: Pipeline, explain: Bool, source: SourceText,
                               registry: StageRegistry<any Stage>) throws {
        let call = pipeline.stages[0]
        let next = pipeline.stages[1]
        let query = try library.load(call.name, at: call.nameRange, in: source)
        var variables = try query.environment(assigning: try assignments(call, for: query, source: source))
        let script = try Parser.parse(query.source, stages: registry)
        guard case .pipeline(let inner)? = script.statements.last else {
            throw QueryError(.misplacedStage, "'\(call.name)' cannot feed a pipeline: its last statement is not a pipeline",
                             at: next.nameRange, in: source, note: "run it on its own: \(call.name)")
        }
        for statement in script.statements.dropLast() {
            guard case .let(let definition) = statement else {
                throw QueryError(.misplacedStage, "'\(call.name)' cannot feed a pipeline: it runs more than one pipeline",
                                 at: next.nameRange, in: source,
                                 note: "a saved query feeds a pipeline when its statements before the last are let statements")
            }
            try variables.apply(definition, in: query.source)
        }
        var head = try Binder(stages: registry, environment: variables, source: query.source).bind(inner)
        if let last = head.last, last.kind == .sink {
            throw QueryError(.misplacedStage, "'\(call.name)' ends in '\(last.name)', so it cannot feed a pipeline",
                             at: next.nameRange, in: source, note: "leave the sink out of \(query.path), or run it on its own")
        }
        for i in head.indices { head[i].origin = query.source }
        let binder = Binder(stages: registry, environment: environment, source: source, otherStageNames: library.names)
        var tail: [BoundStage] = []
        for (i, stageCall) in pipeline.stages.dropFirst().enumerated() {
            let stage = try binder.bind(stageCall)
            try binder.checkPlace(of: stage, at: i + 1, of: pipeline.stages.count)
            tail.append(stage)
        }
        try runBound(head + tail, explain: explain, source: source, registry: registry)
    }

    /// The stage names a script uses (and `.help NAME`'s name), to know whether plugins are needed.
    static func stageNames(in script: Script) -> [String] {
        StageCatalogLoader.stageNames(in: script) + script.statements.compactMap { statement in
            guard case .dotCommand(let command) = statement, command.name == "help" else { return nil }
            return command.arguments.first?.text
        }
    }

    /// The terminal facts for the next run: the terminal's, with `.width` applied.
    func terminalFacts() -> TerminalFacts {
        if let terminal { return terminal.facts(settings) }
        return TerminalFacts(width: settings.width, isTerminal: false, color: settings.color == .always)
    }

    // MARK: Reporting

    /// Writes `error` to the messages and says how the statement ended.
    /// An error without a place in the text (a plugin that failed, a lost
    /// connection) from a file still names the file and the statement's line.
    func report(_ error: any Error, at range: SourceRange? = nil, in source: SourceText? = nil) -> SessionOutcome {
        var report = ErrorReport(error)
        if let error = error as? ExecutionError, error.query == nil, error.code != .cancelled, let range, let name = source?.name {
            var lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.insert(" --> \(name):\(range.start.line):\(range.start.column)", at: 1)
            report.text = lines.joined(separator: "\n")
        }
        tell(report.text)
        return .failure(report.status)
    }

    /// A line to the messages stream (stderr): errors, warnings, timings, notes.
    func tell(_ text: String) {
        try? messages.write(text.hasSuffix("\n") ? text : text + "\n")
        try? messages.flush()
    }

    /// Text to the results stream (stdout): what a dot command shows.
    func show(_ text: String) throws {
        try context.output.write(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
        try context.output.flush()
    }
}
