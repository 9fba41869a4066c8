import Foundation
import Query
import Tabular

extension Plugin {
    /// Starts the plugin for a bound stage: its arguments become `--name value`
    /// (see `PluginArguments`). `input` feeds a transform or sink (nil: no
    /// rows); a source gets /dev/null on stdin whatever `input` is.
    public func start(_ stage: BoundStage, input: PluginInput?, options: PluginRunOptions = PluginRunOptions()) throws(PluginError) -> PluginRun {
        try start(arguments: PluginArguments.commandLine(for: stage, timeZone: options.timeZone), input: input, options: options)
    }

    /// Starts the plugin with a ready command line (argv after the path).
    public func start(arguments: [String], input: PluginInput?, options: PluginRunOptions = PluginRunOptions()) throws(PluginError) -> PluginRun {
        try PluginRun(plugin: self, arguments: arguments, input: input, options: options)
    }

    /// Runs a source or transform plugin to the end and returns its rows.
    public func run(_ stage: BoundStage, input: RowSet?, options: PluginRunOptions = PluginRunOptions()) throws(PluginError) -> RowSet {
        try start(stage, input: input.map(PluginInput.init), options: options).collect()
    }

    /// The same with a ready command line.
    public func run(arguments: [String], input: RowSet?, options: PluginRunOptions = PluginRunOptions()) throws(PluginError) -> RowSet {
        try start(arguments: arguments, input: input.map(PluginInput.init), options: options).collect()
    }
}
