import ArgumentParser
import Foundation
import Render
import Shell

/// Options shared by the REPL, `-c`, stdin scripts and `energiflow run`.
struct ScriptOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How results of pipelines without a sink are written: \(OutputMode.choices) (default: table).",
                               valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Colour: \(ColorChoice.choices) (auto: only on a terminal, never with NO_COLOR).", valueName: "when"))
    var color: String = "auto"

    @Option(help: ArgumentHelp("Fit tables to this many columns (default: the terminal's; none when piped).", valueName: "n"))
    var width: Int?

    @Flag(help: "Run the remaining statements after an error (the exit code still reports the first error).")
    var continueOnError = false

    @Flag(help: "Use ./plugins and ./queries of the current directory for this run (see `energiflow trust`).")
    var trust = false

    func validate() throws {
        if let format, OutputMode(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be one of \(OutputMode.choices), not '\(format)'")
        }
        if ColorChoice(rawValue: color.lowercased()) == nil {
            throw ValidationError("--color must be one of \(ColorChoice.choices), not '\(color)'")
        }
        if let width, width < ShellSettings.minimumWidth {
            throw ValidationError("--width must be at least \(ShellSettings.minimumWidth)")
        }
    }

    /// Every variable is written name=value (catches a mistyped command name too).
    static func validate(variables: [String]) throws {
        for text in variables where !text.contains("=") {
            throw ValidationError("unexpected argument '\(text)': parameters are written name=value")
        }
    }

    var settings: ShellSettings {
        ShellSettings(mode: format.flatMap { OutputMode(rawValue: $0.lowercased()) } ?? .table, width: width,
                      color: ColorChoice(rawValue: color.lowercased()) ?? .auto, continueOnError: continueOnError)
    }

    func launcher(environment: [String: String], banner: String? = nil) -> ShellLauncher {
        var launcher = ShellLauncher(settings: settings, environment: environment, banner: banner)
        launcher.trustCurrentDirectory = trust
        return launcher
    }
}
