/// A program that ran but did not succeed: how it ended and what it wrote
/// (`initdb` exiting with 1 and its complaint). Kept as the cause of the
/// caller's own error.
public struct ProgramError: Error, Sendable, Hashable, CustomStringConvertible {
    public var program: String
    public var termination: ChildProcess.Termination
    /// Its stdout and stderr, trimmed.
    public var output: String

    public init(program: String, termination: ChildProcess.Termination, output: String) {
        self.program = program
        self.termination = termination
        self.output = output
    }

    public var description: String {
        let ending: String
        switch termination {
        case .exited(let status): ending = "exited with status \(status)"
        case .signaled(let signal): ending = "was killed by \(ChildProcess.signalName(signal))"
        }
        return output.isEmpty ? "\(program) \(ending)" : "\(program) \(ending): \(output)"
    }
}
