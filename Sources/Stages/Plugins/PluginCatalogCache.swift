import Foundation
import Plugins

/// Plugin discovery run once, in the background. Discovery runs every
/// plugin's `--describe` (a Python plugin takes 50–150 ms to answer), so the
/// shell starts it early and waits only when it needs the answer: an
/// unknown stage name, `.plugins`, `.help`, completion of stage names.
///
///     let cache = PluginCatalogCache(discovery: PluginDiscovery(directories: PluginDirectory.defaults()))
///     cache.start()                    // at startup; returns at once
///     …
///     let catalog = cache.catalog()    // waits for the first discovery to end
///
/// `reload()` forgets the answer (e.g. after the user added a plugin); the
/// next `catalog()` or `start()` discovers again. Thread-safe.
public final class PluginCatalogCache: @unchecked Sendable {
    private enum State {
        case idle
        case running(generation: Int)
        case ready(PluginCatalog, generation: Int)
    }

    private let discover: @Sendable () -> PluginCatalog
    private let condition = NSCondition()
    private var state = State.idle
    private var generation = 0

    /// Discovers with `discovery`.
    public convenience init(discovery: PluginDiscovery) {
        self.init { discovery.discover() }
    }

    /// Discovers by calling `discover` (tests, or a fixed catalog).
    public init(discover: @escaping @Sendable () -> PluginCatalog) {
        self.discover = discover
    }

    /// A cache that already holds `catalog` (no discovery).
    public convenience init(catalog: PluginCatalog) {
        self.init { catalog }
        state = .ready(catalog, generation: 0)
    }

    /// Starts discovery on a thread of its own unless it runs or has run.
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        startLocked()
    }

    /// Whether discovery has finished (then `catalog()` returns at once).
    public var isReady: Bool {
        condition.lock()
        defer { condition.unlock() }
        if case .ready = state { return true }
        return false
    }

    /// The catalog when discovery has finished, without waiting; else nil.
    public var readyCatalog: PluginCatalog? {
        condition.lock()
        defer { condition.unlock() }
        if case .ready(let catalog, _) = state { return catalog }
        return nil
    }

    /// The catalog, starting discovery when needed and waiting for it.
    public func catalog() -> PluginCatalog {
        condition.lock()
        defer { condition.unlock() }
        while true {
            switch state {
            case .ready(let catalog, _):
                return catalog
            case .idle:
                startLocked()
            case .running:
                condition.wait()
            }
        }
    }

    /// A number that changes whenever a new catalog becomes ready (to rebuild what depends on it).
    public var readyGeneration: Int? {
        condition.lock()
        defer { condition.unlock() }
        if case .ready(_, let generation) = state { return generation }
        return nil
    }

    /// Forgets the catalog; the next `start()` or `catalog()` discovers again.
    public func reload() {
        condition.lock()
        generation += 1
        state = .idle
        condition.broadcast()
        condition.unlock()
    }

    private func startLocked() {
        guard case .idle = state else { return }
        generation += 1
        let mine = generation
        state = .running(generation: mine)
        let discover = self.discover
        let thread = Thread { [self] in
            let catalog = discover()
            condition.lock()
            // A reload while discovering makes this answer stale: drop it.
            if case .running(let current) = state, current == mine {
                state = .ready(catalog, generation: mine)
            }
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "energiflow plugin discovery"
        thread.start()
    }
}
