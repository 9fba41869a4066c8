import Query
import Tabular

/// What `energiflow-<stage> --describe` prints, checked and typed:
///
///     {
///       "name": "zscore",
///       "kind": "transform",
///       "summary": "Adds zscore and unusual to each row.",
///       "arguments": [
///         {"name": "threshold", "type": "number", "default": 2, "help": "…"},
///         {"name": "column", "type": "column", "help": "…", "position": 0}
///       ],
///       "examples": ["daily area=DK1 last=90d | zscore avg_price"],
///       "columns": [{"name": "zscore", "type": "double"}, {"name": "unusual", "type": "bool"}],
///       "timeout": 60,
///       "environment": ["CO2_API_TOKEN"]
///     }
///
/// Required: `name` (must match the file name), `kind` (source, transform,
/// sink), `summary`. Optional: `arguments` and `examples` (default empty),
/// `columns` (output columns whose types are fixed ahead), `timeout`
/// (seconds, default 60), `environment` (variables it needs beyond the clean
/// environment every plugin gets; secrets among them only when the user
/// allows them, see `PluginEnvironment`). Unknown fields are errors, so a typo does not pass
/// silently. Argument types are written as `.help` prints them; see
/// `ManifestTypes`.
public struct PluginManifest: Sendable, Hashable {
    public var name: String
    public var kind: StageKind
    public var summary: String
    public var arguments: [ArgumentSpec]
    public var examples: [String]
    /// Output columns with fixed types and units; empty when the manifest gives none.
    public var columns: [Column]
    /// Seconds a run may take before it is killed; nil when the manifest does not say.
    public var timeout: Double?
    /// Environment variables it asks for (see `PluginEnvironment`).
    public var environment: [String]

    public init(name: String, kind: StageKind, summary: String, arguments: [ArgumentSpec] = [],
                examples: [String] = [], columns: [Column] = [], timeout: Double? = nil, environment: [String] = []) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.arguments = arguments
        self.examples = examples
        self.columns = columns
        self.timeout = timeout
        self.environment = environment
    }

    /// A run's time limit when neither the manifest nor the caller sets one.
    public static let defaultTimeout: Double = 60

    /// The stage as the language sees it (for the registry, `.help`, completion).
    public var spec: StageSpec {
        StageSpec(name: name, kind: kind, summary: summary, arguments: arguments, examples: examples,
                  columns: columns.map(\.name))
    }

    /// The time limit of a run: the manifest's, else `defaultTimeout`.
    public var effectiveTimeout: Double { timeout ?? PluginManifest.defaultTimeout }
}
