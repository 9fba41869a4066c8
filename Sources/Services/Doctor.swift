import Basics
import Foundation
import Kafka
import Postgres
import Store

/// `energiflow doctor`: which PostgreSQL and Kafka EnergiFlow would use and
/// why, whether they answer, and the versions of everything underneath.
/// It starts nothing that outlives it: a stopped embedded cluster is reported,
/// not started; an in-process Kafka is tried and thrown away.
public struct Doctor {
    public struct Check: Sendable {
        public var title: String
        public var lines: [String]
        public var healthy: Bool
        /// Things that work but should be changed (a query role that can write); not a PROBLEM.
        public var warnings: [String] = []
    }

    public var environment: [String: String]
    public var dataDirectory: URL?
    /// The C libraries underneath, one "name version" line each. The
    /// executable names them: it links them all, while Services links only
    /// libpq and librdkafka (through Postgres and Kafka).
    public var libraryVersions: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: URL? = nil,
                libraryVersions: [String] = []) {
        self.environment = environment
        self.dataDirectory = dataDirectory
        self.libraryVersions = libraryVersions
    }

    public func run() -> [Check] {
        [checkPostgres(), checkKafka(), libraries()]
    }

    /// The report as text, and whether everything is reachable.
    public static func render(_ checks: [Check]) -> String {
        var text = "energiflow \(EnergiFlowVersion.current)\n"
        for check in checks {
            let warned = check.warnings.isEmpty ? "" : " (\(check.warnings.count) warning\(check.warnings.count == 1 ? "" : "s"))"
            text += "\n\(check.title): \(check.healthy ? "ok" : "PROBLEM")\(warned)\n"
            for line in check.lines { text += "  \(line)\n" }
            for warning in check.warnings { text += "  warning: \(warning)\n" }
        }
        return text
    }

    /// The PostgreSQL check alone (what `run()` does first).
    public func checkPostgres() -> Check {
        let connector = DatabaseConnector(environment: environment, dataDirectory: dataDirectory)
        var lines = ["uses: \(connector.target.reason)"]
        if case .embedded(let cluster) = connector.target {
            let status = cluster.status()
            lines.append("url: \(cluster.url())")
            lines.append("roles: queries log in as \(DatabaseRole.query.embeddedName) (reads the store's tables only), "
                         + "ingest and migrations as \(DatabaseRole.owner.embeddedName) (not a superuser)")
            guard status.running else {
                do {
                    let binaries = try PostgresServerBinaries.locate(environment: environment)
                    lines.append("server: not running; starts on first use (PostgreSQL \(binaries.majorVersion) in \(binaries.directory))")
                    return Check(title: "PostgreSQL", lines: lines, healthy: true)
                } catch {
                    lines.append("server: \(error)")
                    return Check(title: "PostgreSQL", lines: lines, healthy: false)
                }
            }
        }
        var warnings: [String] = []
        do {
            let configuration = try connector.configuration(startEmbedded: false)
            if case .embedded = connector.target {} else { lines.append("target: \(configuration.redactedDescription)") }
            let connection = try PostgresConnection(configuration)
            let version = try connection.query("SHOW server_version").scalar?.string ?? "?"
            let schema = (try? Migrator.currentVersion(connection)).map { "schema version \($0) of \(Migrator.latestVersion)" }
                ?? "no EnergiFlow schema yet (created on first use)"
            lines.append("server: PostgreSQL \(version), reachable; \(schema)")
            if connector.queryURL != nil || !connector.readsWithOwnRole {
                warnings = checkQueryRole(connector, writer: connection, lines: &lines)
            }
            return Check(title: "PostgreSQL", lines: lines, healthy: true, warnings: warnings)
        } catch let error as PostgresError {
            lines.append("error: \(error.message)")
        } catch let error as ServiceError {
            lines.append("error: \(error.message)")
        } catch {
            lines.append("error: \(error)")
        }
        return Check(title: "PostgreSQL", lines: lines, healthy: false, warnings: warnings)
    }

    /// With a server of your own: which role queries log in as, and what it
    /// may do beyond reading (`QueryRoleCheck`). Its problems are warnings.
    func checkQueryRole(_ connector: DatabaseConnector, writer: PostgresConnection, lines: inout [String]) -> [String] {
        do {
            let connection: PostgresConnection
            if connector.queryURL != nil {
                let configuration = try connector.queryConfiguration(startEmbedded: false)
                lines.append("queries: \(DatabaseConnector.queryURLVariable) (\(configuration.redactedDescription))")
                connection = try PostgresConnection(configuration)
            } else {
                lines.append("queries: the same role (\(DatabaseConnector.queryURLVariable) is not set)")
                connection = writer
            }
            return try QueryRoleCheck.inspect(connection).warnings
        } catch let error as PostgresError {
            return ["cannot check the query role: \(error.message)"]
        } catch let error as ServiceError {
            return ["cannot check the query role: \(error.message)"]
        } catch {
            return ["cannot check the query role: \(error)"]
        }
    }

    func checkKafka() -> Check {
        let target = KafkaTarget.resolve(environment: environment)
        var lines = ["uses: \(target.reason)"]
        do {
            let endpoint = try KafkaEndpoint(target: target, timeout: .seconds(5))
            let metadata = try KafkaAdmin.checkReachable(endpoint.configuration, timeout: .seconds(5))
            let what = endpoint.embedded == nil ? "reachable" : "an in-process endpoint starts and answers"
            lines.append("bootstrap: \(endpoint.bootstrapServers), \(what); \(metadata.brokers.count) broker(s), \(metadata.topics.count) topic(s)")
            return Check(title: "Kafka", lines: lines, healthy: true)
        } catch let error as ServiceError {
            lines.append("error: \(error.message)")
        } catch {
            lines.append("error: \(error)")
        }
        return Check(title: "Kafka", lines: lines, healthy: false)
    }

    func libraries() -> Check {
        Check(title: "Libraries", lines: libraryVersions.isEmpty
              ? ["libpq \(PostgresConnection.libraryVersion)", "librdkafka \(Kafka.libraryVersion)"]
              : libraryVersions, healthy: true)
    }
}
