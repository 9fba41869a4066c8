import Foundation
import Postgres

/// Gives store sources a PostgreSQL connection, opened only when a pipeline
/// needs one (a `tail` pipeline never asks). Errors it throws should be
/// `PostgresError`s (or `ExecutionError(.connection)`): the executor turns
/// them into connection errors (exit 3).
public protocol DatabaseProvider: Sendable {
    func connection() throws -> PostgresConnection
}
