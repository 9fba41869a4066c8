import Render

/// `--color=auto|always|never`. Auto colours only a terminal and never when
/// NO_COLOR is set (Render's `ColorChoice` applies the rules).
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never

    public static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// Whether to colour output going to a terminal (`isTerminal`) or not.
    public func resolve(isTerminal: Bool, environment: [String: String]) -> Bool {
        let choice: ColorChoice
        switch self {
        case .auto: choice = .auto
        case .always: choice = .always
        case .never: choice = .never
        }
        return ColorChoice.resolve(choice, isTerminal: isTerminal, environment: environment)
    }
}
