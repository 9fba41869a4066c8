/// `--color=auto|always|never` (and `.color` in the REPL), resolved to
/// "emit colour or not". Detecting a terminal is the caller's job; this only
/// applies the rules.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never

    /// `auto|always|never`, for help and error messages.
    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// Whether to colour output going to a terminal (`isTerminal`) or not.
    /// - `never`: no.
    /// - `always`: yes, even with NO_COLOR (an explicit flag overrides the
    ///   environment, as https://no-color.org asks).
    /// - `auto`: only on a terminal, and not when NO_COLOR is set to a
    ///   non-empty value or TERM is `dumb`.
    public func resolve(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .never: return false
        case .always: return true
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}
