import ArgumentParser
import Foundation
import Shell

/// `energiflow run NAME|FILE.efq [name=value ...]`: a saved query as a script.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a saved query (by name or path) with parameters.",
        discussion: """
            A name is looked up in ./queries, then $XDG_CONFIG_HOME/energiflow/queries, then the queries shipped with EnergiFlow; a path (containing '/' or ending in .efq) is read as is.

            Parameters declared in the file's header ('# param area = DK1') are given as name=value and become $variables.
            """
    )

    @Argument(help: ArgumentHelp("A saved query's name, or the path of a .efq file.", valueName: "query"))
    var query: String

    @Argument(help: ArgumentHelp("Parameters, e.g. area=DK2.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var options: ScriptOptions

    func validate() throws {
        try options.validate()
        try ScriptOptions.validate(variables: parameters)
    }

    func run() throws {
        let status = options.launcher(environment: ProcessInfo.processInfo.environment)
            .runSavedQuery(query, assignments: parameters)
        if status != .success { throw ExitCode(status) }
    }
}
