/// One argument a stage declares: `area=` with its type, default and help.
public struct ArgumentSpec: Sendable, Hashable {
    public var name: String
    public var type: ArgumentType
    /// Used when the argument is not given; nil means absent (or required).
    public var defaultValue: ArgumentValue?
    public var isRequired: Bool
    /// The argument's place among positional values (0 = first), or nil when
    /// it is given by name only. A positional argument can still be named.
    public var position: Int?
    /// One line for `.help`.
    public var help: String
    /// The values a whole number may take, or the seconds a duration may
    /// last; the binder refuses others with an error naming the range.
    public var bounds: ClosedRange<Int64>?

    public init(_ name: String, _ type: ArgumentType, default defaultValue: ArgumentValue? = nil,
                required: Bool = false, position: Int? = nil, bounds: ClosedRange<Int64>? = nil, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.position = position
        self.bounds = bounds
        self.help = help
    }

    /// `bounds` in words: "from 20 to 1000", "from 1s to 36500d".
    public var boundsText: String? {
        guard let bounds else { return nil }
        let isDuration: Bool
        switch type {
        case .duration: isDuration = true
        case .oneOf(let types): isDuration = types.contains(.duration)
        default: isDuration = false
        }
        func text(_ n: Int64) -> String { isDuration ? Self.duration(n) : String(n) }
        if bounds.lowerBound == .min { return "at most \(text(bounds.upperBound))" }
        if bounds.upperBound == .max { return "at least \(text(bounds.lowerBound))" }
        return "from \(text(bounds.lowerBound)) to \(text(bounds.upperBound))"
    }

    static func duration(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : ""
        let s = Swift.abs(seconds)
        for (unit, length) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where s >= length && s % length == 0 {
            return sign + "\(s / length)\(unit)"
        }
        return sign + "\(s)s"
    }
}
