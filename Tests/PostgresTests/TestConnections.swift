import Postgres
import TestSupport

/// A connection to the test server's maintenance database, for statements that write nothing.
func serverConnection() throws -> PostgresConnection {
    try PostgresConnection(TestDatabase.configuration())
}

/// A connection to a new, empty database of its own.
func freshConnection(_ prefix: String) throws -> PostgresConnection {
    try PostgresConnection(TestDatabase.fresh(prefix: prefix))
}
