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

    public init(_ name: String, _ type: ArgumentType, default defaultValue: ArgumentValue? = nil,
                required: Bool = false, position: Int? = nil, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.position = position
        self.help = help
    }
}
