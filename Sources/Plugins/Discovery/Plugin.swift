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

    public init(name: String, path: String, origin: PluginOrigin, manifest: PluginManifest) {
        self.name = name
        self.path = path
        self.origin = origin
        self.manifest = manifest
    }

    /// The stage spec to register (name, kind, summary, arguments, examples, columns).
    public var spec: StageSpec { manifest.spec }
    public var kind: StageKind { manifest.kind }

    /// The file name prefix every plugin executable has.
    public static let filePrefix = "energiflow-"
}
