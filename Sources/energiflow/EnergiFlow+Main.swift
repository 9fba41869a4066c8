import ArgumentParser
import Basics
import Dispatch
import ErrorReporting
import Foundation

extension EnergiFlow {
    /// When `main` began, for the startup probe.
    nonisolated(unsafe) static var startedAt = DispatchTime.now()
    /// The `name=value` arguments taken out before parsing (see `splitVariables`).
    nonisolated(unsafe) static var commandLineVariables: [String] = []

    /// ArgumentParser's own `main`, except that the market's time zone is
    /// checked first (without its data nothing runs: `ErrorReport` words
    /// `TimeZoneDataError` and its exit status), usage errors exit with 2 (its
    /// default is EX_USAGE, 64), a failure of a command is reported by
    /// `ErrorReport` (its text and exit status, as everywhere else),
    /// `name=value` variables are taken out first, and SIGPIPE is ignored
    /// process-wide, so a closed pipe is a write error the executor reports
    /// rather than a silent death.
    static func main() {
        startedAt = DispatchTime.now()
        // Danish days cannot be counted without the market's zone: say so and stop, before anything else.
        do throws(TimeZoneDataError) {
            try MarketTimeZone.check()
        } catch {
            let report = ErrorReport(error)
            Console.error(report.text)
            Foundation.exit(report.status.rawValue)
        }
        signal(SIGPIPE, SIG_IGN)
        let (arguments, variables) = splitVariables(Array(CommandLine.arguments.dropFirst()))
        commandLineVariables = variables
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitAsArgumentParser(error)
        }
        do {
            try command.run()
        } catch let error where isArgumentParserError(error) {
            exitAsArgumentParser(error)
        } catch {
            let report = ErrorReport(error)
            Console.error(report.text)
            Foundation.exit(report.status.rawValue)
        }
    }

    /// Whether ArgumentParser has its own words and exit code for an error
    /// a command throws: `ValidationError`, `CleanExit`, `ExitCode` (a
    /// command that has reported its failure already), and the errors it
    /// keeps to itself (`--help` and the `help` subcommand throw one from
    /// `run`), which can only be told by their module.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ExitCode || error is CleanExit || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// Ends the process as ArgumentParser would (help, usage errors), but
    /// with `ExitStatus.usage` (2) for a bad command line instead of its 64.
    static func exitAsArgumentParser(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if !message.isEmpty {
            let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        }
        Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
    }

    /// Root options that take a value (their next argument is not a variable).
    static let optionsWithValues: Set<String> = ["-c", "--format", "--color", "--width"]

    /// `energiflow [options] [name=value …]`: an array argument on the root
    /// command would swallow the subcommand names, so variables are taken out
    /// here — unless a subcommand comes first, whose own arguments they are.
    static func splitVariables(_ arguments: [String]) -> (arguments: [String], variables: [String]) {
        let subcommands = Set(configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])
        var rest: [String] = []
        var variables: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" {
                rest += arguments[i...]
                break
            }
            if argument.hasPrefix("-") {
                rest.append(argument)
                if optionsWithValues.contains(argument), i + 1 < arguments.count {
                    rest.append(arguments[i + 1])
                    i += 1
                }
            } else if subcommands.contains(argument) {
                rest += arguments[i...]
                break
            } else if isVariable(argument) {
                variables.append(argument)
            } else {
                rest.append(argument)   // ArgumentParser reports it as unexpected (exit 2)
            }
            i += 1
        }
        return (rest, variables)
    }

    /// `name=…` with a name of letters, digits and `_`, not starting with a digit.
    static func isVariable(_ argument: String) -> Bool {
        guard let equals = argument.firstIndex(of: "=") else { return false }
        let name = argument[..<equals]
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
