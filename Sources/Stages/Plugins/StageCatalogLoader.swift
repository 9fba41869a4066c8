import Foundation
import Plugins
import Query

/// The stages a session can use: the built-ins at once, plus the external
/// plugins once their discovery (`PluginCatalogCache`, in the background)
/// has finished. A built-in stage always wins over a plugin of the same
/// name unless its name is in `overriding`; each such clash is a warning.
///
///     let plugins = PluginCatalogCache(discovery: PluginDiscovery(directories: PluginDirectory.defaults()))
///     plugins.start()
///     let stages = StageCatalogLoader(plugins: plugins) { loaded in
///         loaded.warnings.forEach { printError($0.text) }        // once per discovery
///     }
///     // per statement: parse with stages.builtins (plugins take no expressions), then
///     let registry = stages.registry(for: StageCatalogLoader.stageNames(in: script))
///     let executor = Executor(registry: registry)
///     // .plugins / .help / completion:
///     stages.loaded().catalog.report(builtins: Set(stages.builtins.names))
///
/// `registry(for:)` waits for discovery only when a statement names a stage
/// that is not built in, so scripts of built-in stages never wait for
/// plugins. Thread-safe.
public final class StageCatalogLoader: @unchecked Sendable {
    /// The full registry and what went into it.
    public struct Loaded: Sendable {
        /// Built-ins and every working plugin (built-in first on a clash).
        public var registry: StageRegistry<any Stage>
        public var catalog: PluginCatalog
        /// A plugin with a built-in's name (which one is used); print them once.
        public var warnings: [PluginWarning]
    }

    public let builtins: StageRegistry<any Stage>
    public let plugins: PluginCatalogCache?
    /// Plugin names allowed to replace a built-in stage (an explicit user setting).
    public let overriding: Set<String>
    private let onLoad: (@Sendable (Loaded) -> Void)?
    private let lock = NSLock()
    private var cached: (generation: Int, loaded: Loaded)?

    /// `onLoad` is called (on the calling thread) each time a new catalog
    /// has been turned into a registry: the place to print the warnings.
    public init(builtins: StageRegistry<any Stage> = BuiltinStages.registry, plugins: PluginCatalogCache?,
                overriding: Set<String> = [], onLoad: (@Sendable (Loaded) -> Void)? = nil) {
        self.builtins = builtins
        self.plugins = plugins
        self.overriding = overriding
        self.onLoad = onLoad
    }

    /// Built-ins plus `catalog`'s working plugins, with the shadowing warnings.
    public static func load(builtins: StageRegistry<any Stage> = BuiltinStages.registry, catalog: PluginCatalog,
                            overriding: Set<String> = []) -> Loaded {
        var registry = builtins
        let warnings = registry.registerPlugins(catalog, overriding: overriding) { plugin -> any Stage in PluginStage(plugin) }
        return Loaded(registry: registry, catalog: catalog, warnings: warnings)
    }

    /// The full registry, waiting for discovery when it has not finished.
    public func loaded() -> Loaded {
        guard let plugins else {
            return Loaded(registry: builtins, catalog: PluginCatalog(entries: [], directories: []), warnings: [])
        }
        let catalog = plugins.catalog()
        let generation = plugins.readyGeneration ?? -1
        lock.lock()
        if let cached, cached.generation == generation {
            lock.unlock()
            return cached.loaded
        }
        let loaded = Self.load(builtins: builtins, catalog: catalog, overriding: overriding)
        cached = (generation, loaded)
        lock.unlock()
        onLoad?(loaded)
        return loaded
    }

    /// The registry for a statement using these stage names: the built-ins
    /// alone (no waiting) when they hold every name, else the full registry.
    /// A name that is no stage at all still waits once, so its error can
    /// suggest plugin names too.
    public func registry(for stageNames: some Sequence<String>) -> StageRegistry<any Stage> {
        if stageNames.allSatisfy({ builtins.entry(named: $0) != nil }) && !overridesAny(stageNames) {
            return builtins
        }
        return loaded().registry
    }

    /// The full registry when discovery has finished, else the built-ins (for completion, never waits).
    public var currentRegistry: StageRegistry<any Stage> {
        guard let plugins, plugins.isReady else { return builtins }
        return loaded().registry
    }

    /// Forgets the plugins found; the next use discovers them again.
    public func reload() {
        plugins?.reload()
        plugins?.start()
    }

    /// Every stage name the script's pipelines use, in order of appearance.
    public static func stageNames(in script: Script) -> [String] {
        script.statements.flatMap { statement -> [String] in
            switch statement {
            case .pipeline(let pipeline), .explain(let pipeline, _): return pipeline.stages.map(\.name)
            case .let, .dotCommand: return []
            }
        }
    }

    /// Whether a plugin allowed to replace a built-in might stand for one of these names.
    private func overridesAny(_ names: some Sequence<String>) -> Bool {
        !overriding.isEmpty && names.contains { overriding.contains($0) }
    }
}
