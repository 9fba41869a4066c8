import Foundation
import Testing

/// The subcommands' failures through the built binary: each says what went
/// wrong on stderr in `ErrorReport`'s words and exits with the status the
/// README documents. (Scripts' exit statuses are in ScriptTests.)
@Suite struct CommandExitTests {
    /// `status` cannot reach PostgreSQL: 3, the sentence after the command's name.
    @Test func statusWithoutADatabaseExits3() throws {
        let home = try Binary.Home()
        let run = try Run.energiflow(["status"], environment: home.environment(databaseURL: "postgres://x@127.0.0.1:1/x?connect_timeout=5"))
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("status: error: cannot connect to PostgreSQL"), "\(run.stderr)")
        #expect(run.stderr.contains("DATABASE_URL"))
    }

    /// `db status` of a cluster that does not run: 3, after saying so.
    @Test func aClusterThatDoesNotRunExits3() throws {
        let home = try Binary.Home()
        let directory = home.root.appendingPathComponent("no-cluster").path
        let run = try Run.energiflow(["db", "status", "--data-dir", directory], environment: home.environment(databaseURL: nil))
        #expect(run.status == 3)
        #expect(run.stdout.contains("running: no"))
    }

    /// `trust` of something that is not a directory is a usage error (2).
    @Test func trustingAFileIsAUsageError() throws {
        let home = try Binary.Home()
        let file = home.root.appendingPathComponent("a-file")
        try Data().write(to: file)
        let run = try Run.energiflow(["trust", file.path], environment: home.environment(databaseURL: nil))
        #expect(run.status == 2)
        #expect(run.stderr == "error: \(file.path) is not a directory\n")
    }

    /// The trust list cannot be written (its folder is a file): a failure
    /// of EnergiFlow's own settings, 1 — not "cannot connect" (3).
    @Test func aTrustListThatCannotBeWrittenExits1() throws {
        let home = try Binary.Home()
        let config = home.root.appendingPathComponent("config")
        try Data().write(to: config)
        let run = try Run.energiflow(["trust", home.work.path], environment: home.environment(databaseURL: nil))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: cannot record the trusted directories in \(config.path)/energiflow/trusted-directories"),
                "\(run.stderr)")
    }
}
