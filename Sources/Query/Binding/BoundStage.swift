import Basics
import Tabular

/// A stage call checked against its spec: every argument typed, defaults
/// filled in, variables replaced. What the planner and executor work from.
public struct BoundStage: Sendable, Hashable {
    public var spec: StageSpec
    /// The call as written, for error positions.
    public var call: StageCall
    /// Every argument that has a value: given ones and defaults, by name.
    public var arguments: [String: BoundArgument]
    /// Column comparisons given as arguments (`price>100`), for stages whose
    /// spec `acceptsFilters`, in the order written.
    public var filters: [ColumnFilter]
    /// The items of `extend`, `select`, `summarize` (variables replaced).
    public var items: ItemList?
    /// The pipeline in parentheses of `join`, bound.
    public var subPipeline: [BoundStage]?
    /// The text the stage was written in, when it is not the pipeline's own
    /// (a saved query's stages at the start of a pipeline): errors point there.
    public var origin: SourceText?

    public init(spec: StageSpec, call: StageCall, arguments: [String: BoundArgument], filters: [ColumnFilter] = [],
                items: ItemList? = nil, subPipeline: [BoundStage]? = nil) {
        self.spec = spec
        self.call = call
        self.arguments = arguments
        self.filters = filters
        self.items = items
        self.subPipeline = subPipeline
    }

    public var name: String { spec.name }
    public var kind: StageKind { spec.kind }

    public subscript(_ name: String) -> ArgumentValue? { arguments[name]?.value }

    /// True when the user wrote the argument (not a default).
    public func isGiven(_ name: String) -> Bool { arguments[name].map { !$0.isDefault } ?? false }

    /// Where to point an error about argument `name`: its value when given,
    /// else the stage name.
    public func range(of name: String) -> SourceRange {
        arguments[name]?.valueRange ?? call.nameRange
    }

    /// The expression of a stage that `takesExpression`.
    public var expression: Expression? {
        spec.positionalArguments.first.flatMap { self[$0.name]?.expression }
    }

    // Typed access by name; nil when absent or of another type.

    public func word(_ name: String) -> String? { self[name]?.word }
    public func text(_ name: String) -> String? { self[name]?.textValue }
    public func number(_ name: String) -> Double? { self[name]?.number }
    public func integer(_ name: String) -> Int64? { self[name]?.integer }
    public func duration(_ name: String) -> DurationLiteral? { self[name]?.duration }
    public func date(_ name: String) -> Basics.Day? { self[name]?.date }
    public func dateTime(_ name: String) -> DateTimeLiteral? { self[name]?.dateTime }
    public func bool(_ name: String) -> Bool? { self[name]?.bool }
    public func column(_ name: String) -> String? { self[name]?.column }
    /// A list argument's items (a single value as one item); [] when absent.
    public func list(_ name: String) -> [ArgumentValue] { self[name]?.items ?? [] }
    /// A list of words or columns as strings.
    public func strings(_ name: String) -> [String] { list(name).compactMap(\.textValue) }

    /// Checks `.column` arguments and filter columns against the input's
    /// columns, once the planner knows them: `.unknownColumn` with "did you mean".
    public func validateColumns(_ available: [String], in source: SourceText?) throws(QueryError) {
        func check(_ name: String, _ range: SourceRange) throws(QueryError) {
            guard !available.contains(name) else { return }
            throw QueryError.unknown(.unknownColumn, "unknown column '\(name)'", at: range, in: source,
                                     suggestion: Suggestions.closest(to: name, among: available),
                                     note: "the columns here are " + available.joined(separator: ", "))
        }
        for spec in spec.arguments {
            guard let bound = arguments[spec.name], !bound.isDefault else { continue }
            for item in bound.value.items {
                if case .column(let c) = item { try check(c, bound.valueRange ?? call.nameRange) }
            }
        }
        for filter in filters { try check(filter.column, filter.columnRange) }
    }
}

/// One bound argument.
public struct BoundArgument: Sendable, Hashable {
    public var value: ArgumentValue
    /// The whole `name=value` (or the positional value); nil for a default.
    public var range: SourceRange?
    /// The value's text; nil for a default.
    public var valueRange: SourceRange?
    public var isDefault: Bool

    public init(value: ArgumentValue, range: SourceRange?, valueRange: SourceRange?, isDefault: Bool) {
        self.value = value
        self.range = range
        self.valueRange = valueRange
        self.isDefault = isDefault
    }
}

/// `price>100` on a stage that accepts filters: the column, the operator and
/// the value taken as written (`ArgumentValue(untyped:)`; a list means "any of").
public struct ColumnFilter: Sendable, Hashable {
    public var column: String
    public var columnRange: SourceRange
    public var op: ComparisonOperator
    public var value: ArgumentValue
    public var range: SourceRange

    public init(column: String, columnRange: SourceRange, op: ComparisonOperator, value: ArgumentValue, range: SourceRange) {
        self.column = column
        self.columnRange = columnRange
        self.op = op
        self.value = value
        self.range = range
    }
}
