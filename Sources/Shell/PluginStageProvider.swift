import Foundation
import Plugins
import Query
import Stages

/// Built-in stages plus the external plugins found by discovery
/// (./plugins, $XDG_CONFIG_HOME/energiflow/plugins, PATH), through the
/// Stages module's `StageCatalogLoader` and its background `PluginCatalogCache`.
/// A built-in wins over a plugin of the same name, with a warning.
public final class PluginStageProvider: StageProvider, @unchecked Sendable {
    public let loader: StageCatalogLoader

    /// Plugins from `directories` (default: the standard search order for this process).
    public convenience init(directories: [PluginDirectory] = PluginDirectory.defaults(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(plugins: PluginCatalogCache(discovery: PluginDiscovery(directories: directories, environment: environment)))
    }

    /// Plugins from `plugins`; nil: built-ins only.
    public init(builtins: StageRegistry<any Stage> = BuiltinStages.registry, plugins: PluginCatalogCache?) {
        let pending = Pending()
        loader = StageCatalogLoader(builtins: builtins, plugins: plugins) { loaded in
            pending.add(loaded.warnings.map(\.text))
        }
        self.pending = pending
    }

    private let pending: Pending

    public var parsing: StageRegistry<any Stage> { loader.builtins }

    public func registry(for stageNames: [String]) -> StageRegistry<any Stage> {
        loader.registry(for: stageNames)
    }

    public func registryIfReady() -> StageRegistry<any Stage> { loader.currentRegistry }

    public func startDiscovery() { loader.plugins?.start() }

    public func reload() { loader.reload() }

    public func pluginReport() -> String {
        loader.loaded().catalog.report(builtins: Set(loader.builtins.names))
    }

    public func takeWarnings() -> [String] { pending.take() }

    public func pluginNote(for name: String) -> String? {
        guard let entry = loader.loaded().catalog.entry(named: name) else { return nil }
        if let error = entry.error { return error.rendered() }
        if loader.builtins.entry(named: name) != nil {
            return "a plugin of this name in \(entry.path) (\(entry.origin.label)) is not used: the built-in stage wins"
        }
        return "plugin: \(entry.path) (found in \(entry.origin.label))"
    }

    /// Warnings the loader reported, until the session prints them.
    private final class Pending: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ more: [String]) { lock.withLock { lines += more } }
        func take() -> [String] { lock.withLock { defer { lines = [] }; return lines } }
    }
}
