import ArgumentParser
import Demo
import Foundation

/// `energiflow demo`: the one-command teaching demo (see `DemoRunner`).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Replay real recorded data through an in-process Kafka into an embedded PostgreSQL, with the REPL on top.",
        discussion: """
            Everything runs inside this command: the embedded PostgreSQL (database
            energiflow_demo, made anew each time), an in-process Kafka, a producer
            replaying the bundled Energi Data Service data (DK2 prices and
            production, 2024-08-29 to 2024-11-06; Source: Energinet, CC BY 4.0)
            and the consumer storing it. The first --history-days are replayed at
            once; the rest at --speed times real time while you explore:

              tail prices | table
              tail prices,production | window 1d | decide
              daily area=DK2 | decide | chart

            Ctrl-D or .quit ends the demo. When stdin or stdout is not a terminal,
            everything is replayed at once, stored, and the teaching script runs
            (exit 0 when it all ran).

            Exit codes: 0 done, 1 the data or a statement failed, 3 PostgreSQL
            or Kafka could not be started.
            """
    )

    @Option(help: ArgumentHelp("Replay speed after the history, in times real time (3600 = a market hour a second).", valueName: "x"))
    var speed: Double = DemoOptions.defaultSpeed

    @Option(help: ArgumentHelp("Days replayed at once at the start, as history for charts and decisions.", valueName: "days"))
    var historyDays: Int = DemoOptions.defaultHistoryDays

    @Option(name: .long, help: ArgumentHelp("The embedded PostgreSQL cluster's folder (default: $XDG_DATA_HOME/energiflow/postgres).", valueName: "dir"))
    var dataDir: String?

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number, e.g. 3600") }
        guard historyDays >= 0 else { throw ValidationError("--history-days must not be negative") }
    }

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let options = DemoOptions(speed: speed, historyDays: historyDays,
                                  dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) },
                                  interactive: interactive)
        let status = DemoRunner(options: options).run()
        if status != .success { throw ExitCode(status) }
    }
}
