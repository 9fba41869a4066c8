import Foundation

/// Which PostgreSQL EnergiFlow uses, and why.
public enum DatabaseTarget: Sendable {
    /// `DATABASE_URL` is set.
    case url(String)
    /// No URL, but standard PG* variables (PGHOST, PGDATABASE, ...) are: libpq reads them.
    case environment([String])
    /// Nothing configured: the private cluster.
    case embedded(EmbeddedPostgres)

    /// Environment variables that point libpq at a server.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               dataDirectory: URL? = nil) -> DatabaseTarget {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .url(url) }
        let set = libpqVariables.filter { !(environment[$0] ?? "").isEmpty }
        if !set.isEmpty { return .environment(set) }
        let directory = dataDirectory ?? EnergiFlowPaths(environment: environment).defaultPostgresDirectory
        return .embedded(EmbeddedPostgres(directory: directory, environment: environment))
    }

    /// Why this target was chosen, for `doctor` and errors.
    public var reason: String {
        switch self {
        case .url: return "DATABASE_URL is set"
        case .environment(let names): return "\(names.joined(separator: ", ")) set (libpq variables)"
        case .embedded(let cluster): return "DATABASE_URL is not set: embedded cluster in \(cluster.directory.path)"
        }
    }

    /// The short name the REPL prompt shows.
    public var label: String {
        switch self {
        case .url, .environment: return "postgres"
        case .embedded: return "embedded"
        }
    }
}

/// Which Kafka EnergiFlow uses, and why.
public enum KafkaTarget: Sendable, Equatable {
    /// `KAFKA_BROKERS` is set.
    case brokers(String)
    /// A running `energiflow broker` recorded its address.
    case sharedBroker(BrokerRecord)
    /// Nothing configured or running: a Kafka endpoint inside this process.
    case inProcess

    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> KafkaTarget {
        if let brokers = environment["KAFKA_BROKERS"], !brokers.isEmpty { return .brokers(brokers) }
        let paths = EnergiFlowPaths(environment: environment)
        if let record = BrokerRecord.read(from: paths.brokerFile), record.isAlive { return .sharedBroker(record) }
        return .inProcess
    }

    public var reason: String {
        switch self {
        case .brokers: return "KAFKA_BROKERS is set"
        case .sharedBroker(let record): return "KAFKA_BROKERS is not set: using `energiflow broker` (pid \(record.pid))"
        case .inProcess: return "KAFKA_BROKERS is not set and no `energiflow broker` runs: an embedded Kafka inside this process"
        }
    }
}
