import Foundation
import Plugins
import Query
import Tabular

/// One run of a plugin stage: the process (`PluginRun`), the rows feeding
/// it (`UpstreamFeed`, for transforms and sinks), and Ctrl-C wired to
/// `run.cancel()`, which kills the plugin and its process group.
final class PluginProcess {
    let run: PluginRun
    let feed: UpstreamFeed?
    private let registration: CancellationToken.Registration
    private let warnings: WarningChannel
    private var closed = false

    /// Starts `plugin` for `stage`; `input` is nil for a source.
    init(_ plugin: Plugin, stage: BoundStage, input: (any RowStream)?, context: ExecutionContext) throws {
        let feed = input.map(UpstreamFeed.init)
        let run: PluginRun
        do {
            run = try plugin.start(stage, input: feed?.pluginInput, options: PluginRunOptions(timeZone: context.timeZone))
        } catch {
            feed?.close()
            throw Self.translate(error)
        }
        self.run = run
        self.feed = feed
        warnings = context.warnings
        registration = context.cancellation.onCancel { run.cancel() }
    }

    /// Stops the plugin if it still runs (e.g. `limit` has enough rows),
    /// reaps it and closes the rows feeding it; warns about processes it left
    /// running outside its process group (killed). Safe to call again.
    func close() {
        guard !closed else { return }
        closed = true
        run.close()
        feed?.close()
        registration.remove()
        if let warning = run.escapeWarning { warnings.warn(stage: run.plugin.name, warning) }
    }

    deinit { close() }

    /// A plugin's failure as the executor's error: Ctrl-C stays a
    /// cancellation; a failure of the rows feeding the plugin is that
    /// failure (a query error upstream, a lost connection); anything else
    /// is an `.internal` error (exit 1) whose text is the plugin's own
    /// rendering: what went wrong, the plugin's path, the output line at
    /// fault and the end of its stderr.
    static func translate(_ error: PluginError) -> any Error {
        switch error.code {
        case .cancelled:
            return ExecutionError.cancelled()
        case .inputFailed where error.cause != nil:
            return error.cause ?? error
        default:
            var message = error.rendered()
            if message.hasPrefix("error: ") { message.removeFirst("error: ".count) }
            return ExecutionError(.internal, message, cause: error)
        }
    }
}
