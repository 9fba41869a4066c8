import ArgumentParser
import Basics
import Dispatch
import ErrorReporting
import Foundation
import Shell

@main
struct EnergiFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energiflow",
        abstract: "Danish electricity prices and production, streamed through Kafka into PostgreSQL and explored in a REPL.",
        usage: """
            energiflow [-c <statements>] [--format <format>] [--color <when>] [--width <n>] [--continue-on-error] [<name=value> ...]
            energiflow run <query> [<name=value> ...]
            energiflow <subcommand>
            """,
        discussion: """
            With no arguments on a terminal: the REPL ('.help' lists stages and commands).
            With -c, or with statements on stdin: runs them as a script.
            name=value arguments define variables: area=DK2 is used as $area.

            Exit codes: 0 success, 1 query error, 2 usage error,
            3 cannot connect to PostgreSQL or Kafka, 130 interrupted.
            """,
        version: EnergiFlowVersion.current,
        subcommands: [RunCommand.self, DemoCommand.self, DatabaseCommand.self, BrokerCommand.self, IngestCommand.self, ConsumeCommand.self, StatusCommand.self, DoctorCommand.self, TrustCommand.self]
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
    var command: String?

    @OptionGroup var options: ScriptOptions

    /// Stop right where the REPL would wait for the first line and print the
    /// time it took (scripts/bench). ENERGIFLOW_STARTUP_PROBE=1 does the same.
    @Flag(name: .long, help: .hidden)
    var printStartupTime = false

    func validate() throws {
        try options.validate()
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let launcher = options.launcher(environment: environment,
                                        banner: "EnergiFlow \(EnergiFlowVersion.current): '.help' lists stages and commands, Ctrl-D quits.")
        let probe = printStartupTime || !(environment["ENERGIFLOW_STARTUP_PROBE"] ?? "").isEmpty
        let variables = EnergiFlow.commandLineVariables
        let status: ExitStatus
        if let command {
            status = launcher.runCommand(command, assignments: variables)
        } else if probe || isatty(STDIN_FILENO) == 1 {
            status = launcher.runInteractive(startupProbe: probe, startedAt: EnergiFlow.startedAt)
        } else {
            status = launcher.runStandardInput(assignments: variables)
        }
        if status != .success { throw ExitCode(status) }
    }
}
