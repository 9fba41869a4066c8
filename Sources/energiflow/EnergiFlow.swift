import ArgumentParser
import HTTP

@main
struct EnergiFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energiflow",
        abstract: "Danish electricity prices and production, streamed through Kafka into PostgreSQL and explored in a REPL.",
        version: EnergiFlowVersion.current,
        subcommands: [DatabaseCommand.self, BrokerCommand.self, DoctorCommand.self]
    )
}
