import Foundation
import Query

/// A discovered plugin whose manifest is valid: ready to register and run.
public struct Plugin: Sendable, Hashable {
    /// The stage name (the file name without `energiflow-`).
    public var name: String
    /// The executable's path.
    public var path: String
    /// Where it was found.
    public var origin: PluginOrigin
    public var manifest: PluginManifest
    /// The secrets of those its manifest asks for that the user allows it to see (`PluginAllowances`).
    public var allowedSecrets: Set<String> {
        didSet { runEnvironment = environment(from: base) }
    }
    /// What its environment is made from (EnergiFlow's, with DATABASE_URL the query role's).
    private var base: [String: String]
    /// Its environment when it runs (see `PluginEnvironment`).
    public private(set) var runEnvironment: [String: String]

    /// `base`: what its environment is made from (default: this process's).
    public init(name: String, path: String, origin: PluginOrigin, manifest: PluginManifest, allowedSecrets: Set<String> = [],
                base: [String: String] = ProcessInfo.processInfo.environment) {
        self.name = name
        self.path = path
        self.origin = origin
        self.manifest = manifest
        self.base = base
        let allowed = allowedSecrets.intersection(manifest.environment)
        self.allowedSecrets = allowed
        runEnvironment = PluginEnvironment.make(from: base, requested: manifest.environment, allowed: allowed)
    }

    /// Secrets its manifest asks for that it does not get (the user has not allowed them).
    public var withheldSecrets: [String] {
        PluginEnvironment.withheld(requested: manifest.environment, allowed: allowedSecrets)
    }

    /// Its environment when EnergiFlow's is `base` (see `PluginEnvironment`).
    public func environment(from base: [String: String]) -> [String: String] {
        PluginEnvironment.make(from: base, requested: manifest.environment, allowed: allowedSecrets)
    }

    /// The stage spec to register (name, kind, summary, arguments, examples, columns).
    public var spec: StageSpec { manifest.spec }
    public var kind: StageKind { manifest.kind }

    /// The file name prefix every plugin executable has.
    public static let filePrefix = "energiflow-"
}
