/// `daily area=DK1 | decide | chart`: stages in order.
public struct Pipeline: Sendable, Hashable {
    public var stages: [StageCall]
    public var range: SourceRange

    public init(stages: [StageCall], range: SourceRange) {
        self.stages = stages
        self.range = range
    }
}

/// One stage as written: its name and arguments.
public struct StageCall: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var arguments: [Argument]
    /// From the name to the end of the last argument.
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, arguments: [Argument], range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        self.range = range
    }
}

/// An argument of a stage.
public enum Argument: Sendable, Hashable {
    /// `area=DK1`, `price>100`, `area!=DK2`.
    case named(NamedArgument)
    /// `10` in `limit 10`, `price desc` in `sort price desc`.
    case positional(ValueSyntax)
    /// The whole argument text of a stage that takes an expression (`where …`).
    case expression(Expression)
    /// The items of `extend`, `select`, `summarize` (stages whose syntax says so).
    case items(ItemList)
    /// `( PIPELINE )` of a stage that takes one (`join`).
    case pipeline(Pipeline)

    public var range: SourceRange {
        switch self {
        case .named(let n): return n.range
        case .positional(let v): return v.range
        case .expression(let e): return e.range
        case .items(let list): return list.range
        case .pipeline(let p): return p.range
        }
    }
}

/// `name op value`.
public struct NamedArgument: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var op: ComparisonOperator
    public var opRange: SourceRange
    public var value: ValueSyntax
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, op: ComparisonOperator, opRange: SourceRange,
                value: ValueSyntax, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.op = op
        self.opRange = opRange
        self.value = value
        self.range = range
    }
}
