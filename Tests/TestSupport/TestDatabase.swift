import Foundation
import Postgres

/// The PostgreSQL server the tests use: the one `scripts/test` starts and names in
/// ENERGIFLOW_TEST_DATABASE_URL. Each test that writes makes a database of its own
/// with `fresh(prefix:)`, so tests run in parallel without seeing each other.
public enum TestDatabase {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "ENERGIFLOW_TEST_DATABASE_URL is not set. Run the tests with scripts/test (it starts a throwaway PostgreSQL server and sets it), e.g. scripts/test --filter PostgresTests."
        }
    }

    /// The server's URL (a database every test may read, never one to write into).
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ENERGIFLOW_TEST_DATABASE_URL"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    /// A configuration for the server's maintenance database.
    public static func configuration() throws -> PostgresConfiguration {
        try PostgresConfiguration(url: url(), origin: "ENERGIFLOW_TEST_DATABASE_URL")
    }

    /// Creates an empty database named `t_<prefix>_<time>_<random>` and returns a
    /// configuration pointing at it. Databases left by runs more than an hour old
    /// are dropped on the first call in a process, so the throwaway server does not fill up.
    public static func fresh(prefix: String) throws -> PostgresConfiguration {
        let base = try configuration()
        let connection = try PostgresConnection(base)
        dropStaleOnce(connection)
        let cleaned = String(prefix.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(30))
        let stamp = Int(Date().timeIntervalSince1970)
        let name = "t_\(cleaned)_\(stamp)_\(UInt32.random(in: 0...UInt32.max))"
        // Identifiers cannot be parameters; `name` holds only [a-z0-9_].
        try connection.executeScript("CREATE DATABASE \"\(name)\"")
        return base.database(name)
    }

    /// Drops a database made by `fresh(prefix:)`, ending any sessions still in it.
    public static func drop(_ configuration: PostgresConfiguration) throws {
        guard let name = configuration["dbname"], name.hasPrefix("t_"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
        let connection = try PostgresConnection(try self.configuration())
        try connection.executeScript("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
    }

    private static let staleDropped = LockedValue(false)

    private static func dropStaleOnce(_ connection: PostgresConnection) {
        let first = staleDropped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let cutoff = Int(Date().timeIntervalSince1970) - 3600
        guard let stale = try? connection.query("SELECT datname FROM pg_database WHERE datname ~ '^t_.*_[0-9]+_[0-9]+$'") else { return }
        for row in stale.rows {
            guard let name = row[0].string,
                  let stampText = name.split(separator: "_").dropLast().last, let stamp = Int(stampText),
                  stamp < cutoff else { continue }
            _ = try? connection.executeScript("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
    }
}

/// A value behind a lock (Synchronization.Mutex needs macOS 15; the package supports 14).
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
