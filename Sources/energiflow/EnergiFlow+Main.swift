import ArgumentParser
import Dispatch
import Foundation

extension EnergiFlow {
    /// When `main` began, for the startup probe.
    nonisolated(unsafe) static var startedAt = DispatchTime.now()

    /// ArgumentParser's own `main`, but usage errors exit with 2 (its default
    /// is EX_USAGE, 64), and SIGPIPE is ignored process-wide so a closed pipe
    /// is a write error the executor reports instead of a silent death.
    static func main() {
        startedAt = DispatchTime.now()
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
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
}
