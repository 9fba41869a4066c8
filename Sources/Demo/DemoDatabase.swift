import Foundation
import Postgres
import Services
import Store

/// The demo's store: a database of its own, `energiflow_demo`, in the
/// embedded PostgreSQL cluster (started if needed), dropped and made anew at
/// every start so the demo always begins the same way and never touches the
/// user's `energiflow` database. DATABASE_URL is not used: the demo resets
/// its database, which it must never do to one the user pointed it at.
public struct DemoDatabase: Sendable {
    public static let name = "energiflow_demo"
    public let cluster: EmbeddedPostgres

    /// `directory`: the cluster's folder; nil: the usual one.
    public init(directory: URL?, environment: [String: String]) {
        cluster = EmbeddedPostgres(directory: directory ?? EnergiFlowPaths(environment: environment).defaultPostgresDirectory,
                                   environment: environment)
    }

    /// How the demo connects: the consumer writes as the owner role, the REPL
    /// reads as the query role (the same roles as the store's, see `DatabaseRole`).
    public struct Connections: Sendable {
        public var owner: PostgresConfiguration
        public var query: PostgresConfiguration
    }

    /// Starts the cluster, drops and re-creates the demo database (owned by
    /// the owner role, readable by the query role), brings its schema up to
    /// date; returns how to connect to it.
    public func reset() throws -> Connections {
        do {
            try cluster.start()
            try cluster.recreate(database: Self.name)
            let owner = try cluster.configuration(role: .owner, database: Self.name)
            try Migrator.migrate(try PostgresConnection(owner))
            return Connections(owner: owner, query: try cluster.configuration(role: .query, database: Self.name))
        } catch let error as PostgresError {
            throw ServiceError(.serverFailed, "the demo database could not be made in \(cluster.directory.path): \(error.message)", cause: error)
        } catch let error as StoreError {
            throw ServiceError(.serverFailed, "the demo database could not be set up: \(error.message)", cause: error)
        }
    }
}
