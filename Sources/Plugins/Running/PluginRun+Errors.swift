import ChildProcesses
import Foundation

extension PluginRun {
    /// The error an ended run reports, or nil when it ended well. Kills the
    /// session made itself explain the run first (timeout, cancel, failed
    /// input); otherwise the exit status or signal does.
    static func error(from outcome: ProcessSession.Outcome, plugin: Plugin, timeout: TimeInterval) -> PluginError? {
        let name = plugin.name, path = plugin.path, stderr = outcome.stderr
        switch outcome.killReason {
        case .cancelled:
            return PluginError(.cancelled, plugin: name, path: path, "plugin '\(name)' was cancelled", stderr: stderr)
        case .timedOut:
            return PluginError(.timedOut, plugin: name, path: path,
                               "plugin '\(name)' ran longer than its timeout of \(seconds(timeout)) and was killed",
                               note: "if it needs longer, raise \"timeout\" (seconds) in its manifest", stderr: stderr)
        case .inputFailed:
            let cause = outcome.inputError
            return PluginError(.inputFailed, plugin: name, path: path,
                               "the rows feeding plugin '\(name)' failed" + (cause.map { ": \($0)" } ?? ""),
                               stderr: stderr, cause: cause)
        case .badOutput, .closed:
            return nil
        case nil:
            break
        }
        switch outcome.termination {
        case .exited(0):
            if let failure = outcome.writeFailure {
                return PluginError(.ioFailed, plugin: name, path: path,
                                   "writing rows to plugin '\(name)' failed: \(failure)", stderr: stderr)
            }
            return nil
        case .exited(let status):
            return PluginError(.exitedNonZero, plugin: name, path: path, "plugin '\(name)' exited with status \(status)",
                               note: stderr.isEmpty ? "it wrote nothing to stderr; try running '\(path)' by hand" : nil,
                               stderr: stderr)
        case .signaled(let signal):
            return PluginError(.killedBySignal, plugin: name, path: path,
                               "plugin '\(name)' was killed by \(ChildProcess.signalName(signal))",
                               note: "it crashed, or something outside EnergiFlow killed it", stderr: stderr)
        }
    }

    /// posix_spawn's failure, said for a person.
    static func spawnError(_ failure: SpawnError, name: String, path: String) -> PluginError {
        if failure.isNotAProgram {
            return PluginError(.notExecutable, plugin: name, path: path,
                               "plugin '\(name)' cannot be started: it is not a program the system can run",
                               note: "a script needs a first line like #!/usr/bin/env python3", cause: failure)
        }
        if failure.isPermissionDenied {
            return PluginError(.notExecutable, plugin: name, path: path, "plugin '\(name)' cannot be started: permission denied",
                               note: "make it executable: chmod +x \(path)", cause: failure)
        }
        if failure.isMissing {
            return PluginError(.notExecutable, plugin: name, path: path,
                               "plugin '\(name)' cannot be started: the file or its interpreter does not exist",
                               note: "check its #! line", cause: failure)
        }
        return PluginError(.spawnFailed, plugin: name, path: path,
                           "plugin '\(name)' cannot be started: \(failure.what) failed: \(failure.reason)", cause: failure)
    }

    /// `60 s`, `0.5 s`.
    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() && t < 1e9 ? "\(Int(t)) s" : "\(t) s"
    }
}
