/// Where the brokers are and any librdkafka properties to pass through
/// (names and values as in librdkafka's CONFIGURATION.md).
///
/// Producers, consumers and admin calls add their own defaults first; the
/// properties given here override those defaults, and the few settings a
/// client depends on (idempotence, manual commit) are forced last.
public struct KafkaConfiguration: Sendable, Equatable {
    /// Comma-separated `host:port` list, e.g. `127.0.0.1:9092`.
    public var bootstrapServers: String
    /// Extra librdkafka properties, e.g. `["linger.ms": "20"]`.
    public var properties: [String: String]

    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    public subscript(property: String) -> String? {
        get { properties[property] }
        set { properties[property] = newValue }
    }

    /// Checks every property against librdkafka without connecting anywhere.
    /// Throws a `.configuration` error naming the first bad property.
    public func validate() throws {
        try RDKafkaConfig.validate(self.properties(defaults: [:], forced: [:]))
    }

    /// The full property list for a client: defaults, then the caller's
    /// properties, then the forced ones. Sorted so errors are deterministic.
    func properties(defaults: [String: String], forced: [String: String]) -> [(String, String)] {
        var merged = defaults
        merged["bootstrap.servers"] = bootstrapServers
        merged["client.id"] = merged["client.id"] ?? "energiflow"
        for (key, value) in properties { merged[key] = value }
        for (key, value) in forced { merged[key] = value }
        return merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
