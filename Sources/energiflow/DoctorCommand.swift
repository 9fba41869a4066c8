import ArgumentParser
import Foundation
import Services

/// `energiflow doctor`: what EnergiFlow would use, and whether it answers.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Say which PostgreSQL and Kafka energiflow would use and why, and whether they answer.",
        discussion: "Exit code 0 when everything answers, 3 when a service cannot be reached."
    )

    @Option(help: ArgumentHelp("The embedded cluster's directory, as for `energiflow db`.", valueName: "dir"))
    var dataDir: String?

    func run() throws {
        let checks = Doctor(dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) }).run()
        FileHandle.standardOutput.write(Data(Doctor.render(checks).utf8))
        if checks.contains(where: { !$0.healthy }) { throw ExitCode(.unreachable) }
    }
}
