/// The functions a rule may call: statistics of the window (per group) and
/// one function of the row itself.
public enum RuleFunction: String, Sendable, Hashable, CaseIterable {
    case avg, median, min, max, sum, count, stddev, p
    case abs

    /// Whether the function summarises the window (all rows of the group)
    /// rather than looking at the current row.
    public var isStatistic: Bool { self != .abs }

    /// The numbers of arguments it takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .count: return 0...1
        case .p: return 2...2
        default: return 1...1
        }
    }

    /// How it is called, for messages.
    public var signature: String {
        switch self {
        case .p: return "p(N, column)"
        case .count: return "count() or count(column)"
        default: return "\(rawValue)(column)"
        }
    }

    /// What it computes, for messages and help.
    public var summary: String {
        switch self {
        case .avg: return "the mean of the window"
        case .median: return "the middle value of the window"
        case .min: return "the smallest value of the window"
        case .max: return "the largest value of the window"
        case .sum: return "the total of the window"
        case .count: return "how many rows (or non-null values) the window has"
        case .stddev: return "the population standard deviation of the window"
        case .p: return "the N-th percentile of the window (0 to 100), e.g. p(90, price)"
        case .abs: return "the absolute value of a number on this row"
        }
    }

    /// The function called `name` (case-insensitively), if there is one.
    public init?(named name: String) {
        self.init(rawValue: name.lowercased())
    }

    public static var names: [String] { allCases.map(\.rawValue) }
}
