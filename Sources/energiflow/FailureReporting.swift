import ArgumentParser
import ErrorReporting

extension ExitCode {
    /// One of the documented statuses (`ExitStatus`, the README's table).
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}

/// Runs a command's work; a failure is written to stderr as `ErrorReport`
/// words it (after `prefix: ` when given, as the command's other lines are)
/// and ends the command with the status it decides. A command's own
/// `ExitCode` (it has said why already) and ArgumentParser's errors pass
/// through.
func reportingFailures(prefix: String? = nil, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error where EnergiFlow.isArgumentParserError(error) {
        throw error
    } catch {
        let report = ErrorReport(error)
        Console.error(report.text(prefix: prefix))
        throw ExitCode(report.status)
    }
}
