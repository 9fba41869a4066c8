import Foundation
import Plugins
import Query
import Tabular

/// An external plugin (`energiflow-<stage>`, found by `PluginDiscovery`) as
/// a stage: the same interface as the built-ins, run as a process that
/// reads and writes newline-delimited JSON rows (the protocol is described
/// in plugins/energiflow-zscore).
///
/// - source: `.rows`, opened at run time; its columns come from its first row.
/// - transform: runs in memory, never inside SQL; its output columns are
///   known only at run time (`PreparedTransform.output == nil`), so the
///   stages after it are checked once its first row arrives. The input rows
///   stream to its stdin while its rows are read.
/// - sink: the input rows go to its stdin, its stdout goes to the output as it comes.
///
/// Ctrl-C kills the plugin (`PluginRun.cancel`); a `limit` after it that has
/// enough rows stops it (`PluginRun.close`); a crash, a non-zero exit,
/// invalid output or a timeout ends the run with an `ExecutionError`
/// (exit 1) showing the plugin's error with its stderr.
public struct PluginStage: SourceStage, TransformStage, SinkStage {
    public let plugin: Plugin

    public init(_ plugin: Plugin) {
        self.plugin = plugin
    }

    public var spec: StageSpec { plugin.spec }

    public func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        let plugin = self.plugin
        return .rows(RowSource(schema: nil, description: description(stage, context: context)) { context in
            try PluginRowStream(PluginProcess(plugin, stage: stage, input: nil, context: context))
        })
    }

    public func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        let plugin = self.plugin
        return PreparedTransform(output: nil) { rows, context in
            try PluginRowStream(PluginProcess(plugin, stage: stage, input: rows, context: context))
        }
    }

    public func sink(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedSink {
        let plugin = self.plugin
        return PreparedSink { rows, context in
            let process = try PluginProcess(plugin, stage: stage, input: rows, context: context)
            defer { process.close() }
            do {
                while let text = try process.run.nextText() {
                    try context.output.write(text)
                    try context.output.flush()
                }
            } catch let error as PluginError {
                throw PluginProcess.translate(error)
            }
        }
    }

    /// For `explain`: the executable, where it was found, and its command line.
    func description(_ stage: BoundStage, context: ExecutionContext) -> String {
        let arguments = PluginArguments.commandLine(for: stage, timeZone: context.timeZone)
        return "plugin \(plugin.name) (\(plugin.origin.label)): \(plugin.path)"
            + (arguments.isEmpty ? "" : "\n  arguments: " + arguments.joined(separator: " "))
    }
}
