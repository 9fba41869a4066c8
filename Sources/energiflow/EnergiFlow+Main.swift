import ArgumentParser
import Basics
import Dispatch
import Foundation

extension EnergiFlow {
    /// When `main` began, for the startup probe.
    nonisolated(unsafe) static var startedAt = DispatchTime.now()
    /// The `name=value` arguments taken out before parsing (see `splitVariables`).
    nonisolated(unsafe) static var commandLineVariables: [String] = []

    /// ArgumentParser's own `main`, except that the market's time zone is
    /// checked first (exit 5 without it), usage errors exit with 2 (its
    /// default is EX_USAGE, 64), `name=value` variables are taken out first,
    /// and SIGPIPE is ignored process-wide, so a closed pipe is a write error
    /// the executor reports rather than a silent death.
    static func main() {
        startedAt = DispatchTime.now()
        // Danish days cannot be counted without the market's zone: say so and stop, before anything else.
        do throws(TimeZoneDataError) {
            try MarketTimeZone.check()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(TimeZoneDataError.exitCode)
        }
        signal(SIGPIPE, SIG_IGN)
        do {
            let (arguments, variables) = splitVariables(Array(CommandLine.arguments.dropFirst()))
            commandLineVariables = variables
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                handle.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
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
