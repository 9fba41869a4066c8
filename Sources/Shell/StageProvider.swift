import Query
import Stages

/// The stages a session runs with: the built-ins and the external plugins.
/// Discovering plugins runs programs, so it never happens before the first
/// prompt; `PluginStageProvider` runs it in the background and waits for it
/// only when a statement needs a stage that is not built in.
public protocol StageProvider: Sendable {
    /// What statements are parsed with (which stages take an expression):
    /// the built-ins, since plugins take none.
    var parsing: StageRegistry<any Stage> { get }
    /// The registry for a statement that names these stages: the built-ins
    /// when they hold every name, else built-ins and plugins (waiting for discovery).
    func registry(for stageNames: [String]) -> StageRegistry<any Stage>
    /// What is known now without waiting, for completion on the prompt thread.
    func registryIfReady() -> StageRegistry<any Stage>
    /// Starts plugin discovery in the background, if it has not started.
    func startDiscovery()
    /// Forgets the plugins found; the next use discovers them again (`.plugins reload`).
    func reload()
    /// The `.plugins` listing: each plugin, where it was found, and errors (waits for discovery).
    func pluginReport() -> String
    /// Warnings from loading (a plugin named like a built-in), each handed out once.
    func takeWarnings() -> [String]
    /// For `.help NAME`: where plugin NAME was found, or why it cannot be used; nil when no plugin has that name.
    func pluginNote(for name: String) -> String?
}

extension StageProvider {
    /// Built-ins and plugins, waiting for discovery.
    public func fullRegistry() -> StageRegistry<any Stage> {
        registry(for: ["\u{0}"])   // a name no stage has
    }
}
