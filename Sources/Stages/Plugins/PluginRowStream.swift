import Plugins
import Tabular

/// The rows a source or transform plugin writes, as they come. The columns
/// are known once the plugin has written its first row (or ended), so
/// opening waits for that. Closing stops the plugin if it still runs.
final class PluginRowStream: RowStream {
    let schema: Schema
    private let process: PluginProcess

    init(_ process: PluginProcess) throws {
        self.process = process
        do {
            schema = try process.run.schema()
        } catch {
            process.close()
            throw PluginProcess.translate(error)
        }
    }

    /// A plugin fed by a live stream writes live rows too.
    var isLive: Bool { process.feed?.isLive ?? false }

    func next() throws -> [Value]? {
        do {
            return try process.run.next()
        } catch {
            throw PluginProcess.translate(error)
        }
    }

    func close() { process.close() }
}
