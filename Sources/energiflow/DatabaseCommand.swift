import ArgumentParser
import Foundation
import Services
import Store

/// `energiflow db start|stop|status|url`: the embedded PostgreSQL cluster.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster used when DATABASE_URL is not set.",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Where the cluster lives (default: $XDG_DATA_HOME/energiflow/postgres).", valueName: "dir"))
        var dataDir: String?

        var cluster: EmbeddedPostgres {
            let directory = dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? EnergiFlowPaths().defaultPostgresDirectory
            return EmbeddedPostgres(directory: directory)
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the cluster if needed and start it.")
        @OptionGroup var location: Location

        func run() throws {
            let cluster = location.cluster
            let started = try cluster.start()
            print(started ? "started PostgreSQL in \(cluster.directory.path)" : "PostgreSQL is already running in \(cluster.directory.path)")
            // Ready for psql "$(energiflow db url)": the store's database exists and is migrated.
            var environment = ProcessInfo.processInfo.environment
            for name in environment.keys where name == "DATABASE_URL" || name.hasPrefix("PG") { environment[name] = nil }
            let connection = try DatabaseConnector(environment: environment, dataDirectory: cluster.directory).connect(migrate: true)
            print("database \(EmbeddedPostgres.databaseName) ready (schema version \(try Migrator.currentVersion(connection))): \(cluster.url)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster (fast shutdown).")
        @OptionGroup var location: Location

        func run() throws {
            let cluster = location.cluster
            print(try cluster.stop() ? "stopped PostgreSQL in \(cluster.directory.path)" : "PostgreSQL is not running in \(cluster.directory.path)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the cluster exists and runs.")
        @OptionGroup var location: Location

        func run() throws {
            let cluster = location.cluster
            let status = cluster.status()
            print("directory: \(cluster.directory.path)")
            print("initialized: \(status.initialized ? "yes (PostgreSQL \(status.dataVersion ?? "?"))" : "no")")
            print("running: \(status.pid.map { "yes (pid \($0))" } ?? "no")")
            print("url: \(cluster.url())")
            if !status.running { throw ExitCode(.unreachable) }
        }
    }

    struct URLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url", abstract: "Print the cluster's connection URL (for psql or DATABASE_URL).",
            discussion: """
                owner (default): energiflow_owner, which owns and writes the store (what ingest and consume use).
                query: energiflow_query, which may only read the store's tables (what queries use).
                admin: the cluster's superuser, for administering the cluster itself.
                """)
        @OptionGroup var location: Location

        @Option(help: ArgumentHelp("Which role the URL logs in as: \(DatabaseRole.allCases.map(\.rawValue).joined(separator: ", ")).",
                                   valueName: "role"))
        var role: String = DatabaseRole.owner.rawValue

        func validate() throws {
            if DatabaseRole(rawValue: role) == nil {
                throw ValidationError("--role must be one of \(DatabaseRole.allCases.map(\.rawValue).joined(separator: ", ")), not '\(role)'")
            }
        }

        func run() throws {
            print(location.cluster.url(role: DatabaseRole(rawValue: role) ?? .owner))
        }
    }
}
