import ArgumentParser

@main
struct EnergiFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energiflow",
        abstract: "Danish electricity prices and production, streamed through Kafka into PostgreSQL and explored in a REPL.",
        version: "0.1.0",
        subcommands: [DatabaseCommand.self, BrokerCommand.self]
    )
}
