import Foundation
import Query
import Tabular

extension Executor {
    /// Parses `text` and runs its statements in order: pipelines run,
    /// `explain` explains, `let` defines variables in `environment`. Dot
    /// commands belong to the shell and are an error here. Stops at the
    /// first error. For scripts without a shell, tests and benchmarks.
    @discardableResult
    public func execute(_ text: String, name: String? = nil, environment: inout Environment,
                        context: ExecutionContext) throws(ExecutionError) -> [ExecutionSummary] {
        let source = SourceText(text, name: name)
        let script: Script
        do {
            script = try Parser.parse(source, stages: registry)
        } catch {
            throw ExecutionError(error)
        }
        var summaries: [ExecutionSummary] = []
        for statement in script.statements {
            switch statement {
            case .let(let definition):
                do { try environment.apply(definition, in: source) } catch { throw ExecutionError(error) }
            case .pipeline(let pipeline):
                summaries.append(try run(bind(pipeline, source, environment), source: source, context: context))
            case .explain(let pipeline, _):
                summaries.append(try explain(bind(pipeline, source, environment), source: source, context: context))
            case .dotCommand(let command):
                throw ExecutionError(QueryError(.unexpectedToken, "'.\(command.name)' is a shell command",
                                                at: command.nameRange, in: source,
                                                note: "dot commands work in the energiflow shell, not here"))
            }
        }
        return summaries
    }

    /// `execute` with a fresh environment.
    @discardableResult
    public func execute(_ text: String, name: String? = nil, context: ExecutionContext) throws(ExecutionError) -> [ExecutionSummary] {
        var environment = Environment()
        return try execute(text, name: name, environment: &environment, context: context)
    }

    func bind(_ pipeline: Pipeline, _ source: SourceText, _ environment: Environment) throws(ExecutionError) -> [BoundStage] {
        do {
            return try Binder(stages: registry, environment: environment, source: source).bind(pipeline)
        } catch {
            throw ExecutionError(error)
        }
    }

    /// Parses, binds and runs one pipeline written without a sink and returns its rows.
    public func rows(of text: String, environment: Environment = Environment(),
                     context: ExecutionContext) throws(ExecutionError) -> RowSet {
        let source = SourceText(text)
        let script: Script
        do {
            script = try Parser.parse(source, stages: registry)
        } catch {
            throw ExecutionError(error)
        }
        guard script.statements.count == 1, case .pipeline(let pipeline) = script.statements[0] else {
            throw ExecutionError(QueryError(.unexpectedToken, "expected one pipeline",
                                            at: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source))
        }
        return try collect(bind(pipeline, source, environment), source: source, context: context)
    }
}
