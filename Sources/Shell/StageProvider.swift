import Query
import Stages

/// The stages a session runs with: the built-ins and, once discovered, the
/// external plugins. Discovery runs programs, so it never happens before the
/// first prompt; a provider may run it in the background and make
/// `registry()` wait for it.
public protocol StageProvider: Sendable {
    /// The registry to run the next statement with (may wait for discovery).
    func registry() -> StageRegistry<any Stage>
    /// What is known now without waiting, for completion on the prompt thread.
    func registryIfReady() -> StageRegistry<any Stage>
    /// The `.plugins` listing: each plugin, where it was found, and errors.
    func pluginReport() -> String
    /// Warnings from loading (a plugin named like a built-in), each handed out once.
    func takeWarnings() -> [String]
}
