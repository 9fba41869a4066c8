import Foundation
import Postgres
import Store

/// Opens the store: resolves which PostgreSQL to use, starts the embedded
/// cluster when that is the one, connects within a bounded time and brings
/// the schema up to date. Every failure to reach a server is a ServiceError
/// (exit code 3) that names the server and the variable to change.
///
/// Two kinds of connection (`DatabaseRole`): `connect()` for writing (ingest,
/// consume, migrations) and `connectForQueries()` for reading (the REPL,
/// scripts, `sql`, saved queries). In the embedded cluster they log in as
/// `energiflow_owner` and `energiflow_query`; with a server of your own,
/// `DATABASE_URL` (or PG*) writes and `ENERGIFLOW_QUERY_URL`, when set, reads.
public struct DatabaseConnector: Sendable {
    /// Where the store is written (and read, unless `queryURL` says otherwise).
    public var target: DatabaseTarget
    /// `ENERGIFLOW_QUERY_URL`: a role of your own server for queries (read-only, see README: Security).
    public var queryURL: String?
    public var environment: [String: String]

    /// The variable that points queries at a read-only role of your own server.
    public static let queryURLVariable = "ENERGIFLOW_QUERY_URL"

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: URL? = nil) {
        self.environment = environment
        self.target = DatabaseTarget.resolve(environment: environment, dataDirectory: dataDirectory)
        let query = environment[Self.queryURLVariable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self.queryURL = query.isEmpty ? nil : query
    }

    /// How to connect for writing, starting and preparing the embedded
    /// cluster if that is the target (`startEmbedded` false: only its URL).
    public func configuration(startEmbedded: Bool = true) throws -> PostgresConfiguration {
        do {
            switch target {
            case .url(let url):
                return try PostgresConfiguration(url: url, origin: "DATABASE_URL")
            case .environment:
                return try PostgresConfiguration.fromEnvironment(environment)
            case .embedded(let cluster):
                if startEmbedded {
                    try cluster.start()
                    try cluster.prepare()
                }
                return try cluster.configuration(role: .owner)
            }
        } catch let error as PostgresError {
            throw serviceError(error)
        }
    }

    /// How to connect for queries (see `connectForQueries`), without connecting.
    public func queryConfiguration(startEmbedded: Bool = true) throws -> PostgresConfiguration {
        do {
            if let queryURL { return try PostgresConfiguration(url: queryURL, origin: Self.queryURLVariable) }
            if case .embedded(let cluster) = target {
                _ = try configuration(startEmbedded: startEmbedded)
                return try cluster.configuration(role: .query)
            }
            return try configuration(startEmbedded: startEmbedded)
        } catch let error as PostgresError {
            throw serviceError(error, variable: queryURL == nil ? nil : Self.queryURLVariable)
        }
    }

    /// A migrated connection for writing to the store.
    public func connect(migrate: Bool = true) throws -> PostgresConnection {
        let connection = try open(try configuration())
        if migrate { try self.migrate(connection) }
        return connection
    }

    /// A connection for reading the store: the embedded cluster's read-only
    /// `energiflow_query` role, `ENERGIFLOW_QUERY_URL` when set, else the
    /// `DATABASE_URL` / PG* role. When the schema is behind, it is migrated
    /// first on a writing connection (none with only `ENERGIFLOW_QUERY_URL`).
    public func connectForQueries() throws -> PostgresConnection {
        guard readsWithOwnRole else { return try connect() }
        let connection = try open(try queryConfiguration(), variable: queryURL == nil ? nil : Self.queryURLVariable)
        if !Self.schemaIsCurrent(connection), canMigrate {
            try migrate(try open(try configuration()))
        }
        if queryURL == nil, case .embedded(let cluster) = target, StorePrivileges.hasUnreadableTables(connection) {
            do {
                try cluster.prepare(again: true)
            } catch let error as PostgresError {
                throw serviceError(error)
            }
        }
        return connection
    }

    /// Whether queries log in as a role of their own (the embedded
    /// cluster's, or ENERGIFLOW_QUERY_URL's) rather than the writing one.
    public var readsWithOwnRole: Bool {
        if queryURL != nil { return true }
        if case .embedded = target { return true }
        return false
    }

    /// Whether a writing connection exists to migrate with: not when only
    /// ENERGIFLOW_QUERY_URL points at a server (the embedded cluster is then not the store).
    var canMigrate: Bool {
        guard queryURL != nil else { return true }
        if case .embedded = target { return false }
        return true
    }

    static func schemaIsCurrent(_ connection: PostgresConnection) -> Bool {
        (try? Migrator.currentVersion(connection)) == Migrator.latestVersion
    }

    private func open(_ configuration: PostgresConfiguration, variable: String? = nil) throws -> PostgresConnection {
        do {
            return try PostgresConnection(configuration)
        } catch let error as PostgresError {
            throw serviceError(error, variable: variable)
        }
    }

    /// Brings the schema up to date on a writing connection; in the embedded
    /// cluster the query role may then read every table the migrations made.
    private func migrate(_ connection: PostgresConnection) throws {
        do {
            let applied = try Migrator.migrate(connection)
            if !applied.isEmpty, case .embedded = target { try StorePrivileges.grantReading(owner: connection) }
        } catch let error as StoreError {
            throw ServiceError(.unreachable, error.message, cause: error)
        } catch let error as PostgresError {
            throw serviceError(error)
        }
    }

    private func serviceError(_ error: PostgresError, variable override: String? = nil) -> ServiceError {
        let variable: String
        switch (override, target) {
        case (let name?, _): variable = "check \(name)"
        case (nil, .url): variable = "check DATABASE_URL"
        case (nil, .environment(let names)): variable = "check \(names.joined(separator: ", "))"
        case (nil, .embedded(let cluster)): variable = "see `energiflow db status` and \(cluster.logFile.path)"
        }
        if error.isConnectionError {
            return ServiceError(.unreachable, "cannot connect to PostgreSQL: \(error.message) (\(variable))", cause: error)
        }
        return ServiceError(.unreachable, "PostgreSQL refused to open the store: \(error.message) (\(variable))", cause: error)
    }
}
