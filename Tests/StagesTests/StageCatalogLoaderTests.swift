import Foundation
import Plugins
import Query
import Stages
import Tabular
import Testing

/// The session's stages: built-ins at once, plugins when discovery is done
/// and only when needed; a built-in name is never taken silently.
@Suite struct StageCatalogLoaderTests {
    /// Counts discoveries.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func bump() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func aPluginWithABuiltInNameIsSkippedWithAWarning() throws {
        let plugins = try TestPlugins()
        try plugins.add("sort", body: "cat")
        try plugins.add("tally", kind: "sink", body: "wc -l")
        let loaded = StageCatalogLoader.load(catalog: plugins.catalog)
        #expect(loaded.warnings.count == 1)
        let warning = try #require(loaded.warnings.first)
        #expect(!warning.pluginWins)
        #expect(warning.text == "warning: plugin 'sort' at \(plugins.directory)/energiflow-sort (./plugins) has the name of a built-in stage; the built-in 'sort' is used (rename the plugin's file to use it)")
        #expect(!(loaded.registry.entry(named: "sort")?.implementation is PluginStage))
        #expect(loaded.registry.entry(named: "tally")?.implementation is PluginStage)
        #expect(loaded.registry.spec(named: "tally")?.kind == .sink)

        // Only an explicit override lets the plugin replace it, again with a warning.
        let overriding = StageCatalogLoader.load(catalog: plugins.catalog, overriding: ["sort"])
        #expect(overriding.warnings.first?.pluginWins == true)
        #expect(overriding.registry.entry(named: "sort")?.implementation is PluginStage)
    }

    @Test func discoveryRunsInTheBackgroundAndIsWaitedForOnlyWhenNeeded() throws {
        let plugins = try TestPlugins()
        try plugins.add("passthru", body: "cat")
        let catalog = plugins.catalog
        let discoveries = Counter()
        let cache = PluginCatalogCache {
            discoveries.bump()
            return catalog
        }
        let loads = Counter()
        let loader = StageCatalogLoader(plugins: cache) { loaded in
            loads.bump()
            #expect(loaded.warnings.isEmpty)
        }
        // Built-in stages only: no discovery at all.
        let script = try Parser.parse(SourceText("let a = 1; daily | sort price | table; explain total"), stages: loader.builtins)
        #expect(StageCatalogLoader.stageNames(in: script) == ["daily", "sort", "table", "total"])
        let builtIn = loader.registry(for: StageCatalogLoader.stageNames(in: script))
        #expect(builtIn.names == BuiltinStages.registry.names)
        #expect(discoveries.value == 0 && !cache.isReady && loader.currentRegistry.entry(named: "passthru") == nil)

        // A name that is not built in waits for discovery, once.
        let full = loader.registry(for: ["daily", "passthru"])
        #expect(full.entry(named: "passthru")?.implementation is PluginStage)
        _ = loader.registry(for: ["passthru"])
        #expect(discoveries.value == 1 && loads.value == 1 && cache.isReady)
        #expect(loader.currentRegistry.entry(named: "passthru") != nil)

        // A reload discovers again.
        loader.reload()
        #expect(loader.loaded().registry.entry(named: "passthru") != nil)
        #expect(discoveries.value == 2 && loads.value == 2)
    }

    @Test func startingEarlyLetsDiscoveryFinishBeforeItIsAskedFor() throws {
        let plugins = try TestPlugins()
        try plugins.add("passthru", body: "cat")
        let cache = PluginCatalogCache(discovery: PluginDiscovery(directories: [PluginDirectory(plugins.directory, origin: .project)]))
        cache.start()
        cache.start()
        let catalog = cache.catalog()
        #expect(catalog.plugins.map(\.name) == ["passthru"])
        #expect(cache.readyCatalog?.plugins.count == 1)
        // Without plugins the loader is the built-ins.
        let none = StageCatalogLoader(plugins: nil)
        #expect(none.registry(for: ["passthru"]).names == BuiltinStages.registry.names)
        #expect(none.loaded().catalog.entries.isEmpty)
    }
}
