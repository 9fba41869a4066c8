import Foundation
import Postgres
import Store

/// Opens the store: resolves which PostgreSQL to use, starts the embedded
/// cluster when that is the one, connects within a bounded time and brings
/// the schema up to date. Every failure to reach a server is a ServiceError
/// (exit code 3) that names the server and the variable to change.
public struct DatabaseConnector: Sendable {
    public var target: DatabaseTarget
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: URL? = nil) {
        self.environment = environment
        self.target = DatabaseTarget.resolve(environment: environment, dataDirectory: dataDirectory)
    }

    /// The configuration for the target, starting the embedded cluster if needed.
    public func configuration(startEmbedded: Bool = true) throws -> PostgresConfiguration {
        do {
            switch target {
            case .url(let url):
                return try PostgresConfiguration(url: url, origin: "DATABASE_URL")
            case .environment:
                return try PostgresConfiguration.fromEnvironment(environment)
            case .embedded(let cluster):
                if startEmbedded { try cluster.start() }
                let configuration = try PostgresConfiguration(url: cluster.url, origin: "the embedded cluster")
                try ensureDatabase(configuration)
                return configuration
            }
        } catch let error as PostgresError {
            throw serviceError(error)
        }
    }

    /// A migrated connection to the store.
    public func connect(migrate: Bool = true) throws -> PostgresConnection {
        let configuration = try self.configuration()
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(configuration)
        } catch let error as PostgresError {
            throw serviceError(error)
        }
        if migrate {
            do {
                try Migrator.migrate(connection)
            } catch let error as StoreError {
                throw ServiceError(.unreachable, error.message, cause: error.cause?.underlying)
            }
        }
        return connection
    }

    /// initdb makes only the `postgres` database; the embedded store lives in its own.
    private func ensureDatabase(_ configuration: PostgresConfiguration) throws {
        let maintenance = try PostgresConnection(configuration.database("postgres"))
        let exists = try maintenance.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(EmbeddedPostgres.databaseName)])
        if exists.count == 0 {
            do {
                try maintenance.executeScript("CREATE DATABASE \(EmbeddedPostgres.databaseName)")
            } catch let error as PostgresError where error.sqlState == "42P04" {
                // Another energiflow process created it first.
            }
        }
    }

    private func serviceError(_ error: PostgresError) -> ServiceError {
        let variable: String
        switch target {
        case .url: variable = "check DATABASE_URL"
        case .environment(let names): variable = "check \(names.joined(separator: ", "))"
        case .embedded(let cluster): variable = "see `energiflow db status` and \(cluster.logFile.path)"
        }
        switch error.code {
        case .authenticationFailed, .connectionFailed, .connectionLost:
            return ServiceError(.unreachable, "cannot connect to PostgreSQL: \(error.message) (\(variable))", cause: error.underlying)
        default:
            return ServiceError(.unreachable, "PostgreSQL refused to open the store: \(error.message) (\(variable))", cause: error.underlying)
        }
    }
}
