import Foundation
import Plugins
import Query
import Stages

/// The built-in stages only; `.plugins` still lists what discovery finds
/// (run on first use, not at start). For tests, and until a provider that
/// registers plugins as stages is wired in.
public final class BuiltinStageProvider: StageProvider, @unchecked Sendable {
    private let stages: StageRegistry<any Stage>
    private let directories: @Sendable () -> [PluginDirectory]
    private let lock = NSLock()
    private var catalog: PluginCatalog?

    public init(registry: StageRegistry<any Stage> = BuiltinStages.registry,
                pluginDirectories: @escaping @Sendable () -> [PluginDirectory] = { PluginDirectory.defaults() }) {
        self.stages = registry
        self.directories = pluginDirectories
    }

    public func registry() -> StageRegistry<any Stage> { stages }
    public func registryIfReady() -> StageRegistry<any Stage> { stages }
    public func takeWarnings() -> [String] { [] }

    public func pluginReport() -> String {
        let catalog = lock.withLock {
            if let catalog = self.catalog { return catalog }
            let found = PluginDiscovery(directories: directories()).discover()
            self.catalog = found
            return found
        }
        return catalog.report(builtins: Set(stages.names))
    }
}
