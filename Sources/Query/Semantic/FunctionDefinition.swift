import Foundation
import Tabular

/// One function of the expression language: its name, what it takes and
/// gives, its help, and how it runs in memory and in SQL. Every function
/// lives in `FunctionTable`; the checker, the evaluator, the SQL writer and
/// `.help` all read it from there, so adding a function is one entry there
/// and its tests.
public struct FunctionDefinition: Sendable {
    public enum Kind: String, Sendable {
        /// A value of one row: `hour(time)`, `round(price, 1)`.
        case row
        /// A value of many rows: `avg(price)` per group in `summarize`, per
        /// window in rules files.
        case aggregate
    }

    public let name: String
    public let kind: Kind
    /// How it is called, for help and messages: `round(x[, digits])`.
    public let signature: String
    /// What it gives, one sentence.
    public let summary: String
    /// Statements that use it; the tests run each one.
    public let examples: [String]
    /// How many arguments it takes.
    public let arity: ClosedRange<Int>
    /// Internal helpers (a Danish day's length) are not listed or callable by name.
    public let isHidden: Bool
    /// The argument that is a period written as a duration (`bin`'s `1mo`),
    /// kept as its text rather than a number of seconds.
    public let periodArgument: Int?
    /// Arguments that must be constants and that the SQL text writes itself
    /// (round's digits, p's N, bin's period): never bound as parameters.
    public let constantArguments: Set<Int>
    /// Checks the typed arguments and gives the result type.
    let typing: @Sendable (FunctionArguments) throws(QueryError) -> ValueType
    let implementation: Implementation

    enum Implementation: Sendable {
        case row(RowImplementation)
        case aggregate(AggregateImplementation)
    }

    init(_ name: String, _ kind: Kind, signature: String, summary: String, examples: [String] = [],
         arity: ClosedRange<Int>, hidden: Bool = false, periodArgument: Int? = nil, constantArguments: Set<Int> = [],
         typing: @escaping @Sendable (FunctionArguments) throws(QueryError) -> ValueType,
         _ implementation: Implementation) {
        self.name = name
        self.kind = kind
        self.signature = signature
        self.summary = summary
        self.examples = examples
        self.arity = arity
        self.isHidden = hidden
        self.periodArgument = periodArgument
        self.constantArguments = constantArguments.union(periodArgument.map { [$0] } ?? [])
        self.typing = typing
        self.implementation = implementation
    }

    /// The text of `.help NAME`.
    public var help: String {
        var lines = ["\(signature)  (\(kind == .row ? "row function" : "aggregate"))", "  \(summary)"]
        if !examples.isEmpty {
            lines += ["", "examples:"] + examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}

/// What a row function runs: in memory, and as SQL.
struct RowImplementation: Sendable {
    enum Evaluation: Sendable {
        /// From the arguments' values to the result (null in usually means null out).
        case values(@Sendable (RowCall) -> ([Value]) throws -> Value)
        /// `if` and `coalesce`: arguments computed only as needed, as SQL's CASE and COALESCE do.
        case lazy(@Sendable (RowCall) -> ([() throws -> Value]) throws -> Value)
    }

    var evaluation: Evaluation
    /// The SQL text from the arguments' SQL.
    var sql: @Sendable (_ call: RowCall, _ arguments: [String], _ bind: (Value, ValueType) -> String) -> String
}

/// A row function call as its implementation sees it.
struct RowCall {
    var arguments: [TypedExpression]
    var type: ValueType
    var zone: TimeZone
    /// Shared by the calls of one compiled expression (memory only).
    var calendar: LocalCalendar

    /// The constant value of argument `i` (the checker made sure it is one).
    func constant(_ i: Int) -> Value {
        if i < arguments.count, case .constant(let value, _) = arguments[i] { return value }
        return .null
    }
}

/// What an aggregate runs: over the values of a group, and as SQL.
struct AggregateImplementation: Sendable {
    /// The result from the group's values of each argument (row by row, in
    /// the rows' order), for a weighted average each row's weight, and the
    /// number of rows (what `count()` gives).
    var compute: @Sendable (_ call: AggregateCall, _ arguments: [[Value]], _ weights: [Value]?, _ rows: Int) throws -> Value
    /// The SQL text from the arguments' SQL and the weight's.
    var sql: @Sendable (_ call: AggregateCall, _ arguments: [String], _ weight: String?,
                        _ bind: (Value, ValueType) -> String) -> String
}

/// The arguments of a call while it is checked, with helpers for the usual
/// demands and their errors (which point at the argument).
public struct FunctionArguments {
    public let name: String
    public let typed: [TypedExpression]
    let ranges: [SourceRange]
    let callRange: SourceRange
    let source: SourceText?
    /// The argument texts as written, for messages.
    let texts: [String]

    public var count: Int { typed.count }
    public func type(_ i: Int) -> ValueType { typed[i].type }

    func error(_ i: Int?, _ message: String, note: String? = nil) -> QueryError {
        QueryError(.wrongType, message, at: i.map { ranges[$0] } ?? callRange, in: source, note: note)
    }

    /// A number (whole or decimal); its type.
    @discardableResult
    func number(_ i: Int) throws(QueryError) -> ValueType {
        let t = typed[i].type
        guard t == .int || t == .double else {
            throw error(i, "\(name)() needs a number, but \(texts[i]) is \(ExpressionChecker.describe(t))",
                        note: "e.g. \(signatureHint)")
        }
        return t
    }

    /// A time or a day; its type.
    @discardableResult
    func temporal(_ i: Int) throws(QueryError) -> ValueType {
        let t = typed[i].type
        guard t == .time || t == .day else {
            throw error(i, "\(name)() needs a time or a day, but \(texts[i]) is \(ExpressionChecker.describe(t))",
                        note: "e.g. \(name)(time) or \(name)(day)")
        }
        return t
    }

    /// A condition.
    func condition(_ i: Int) throws(QueryError) {
        guard typed[i].type == .bool else {
            throw error(i, "\(name)() needs a condition first, like price > 100; \(texts[i]) is \(ExpressionChecker.describe(typed[i].type))")
        }
    }

    /// A number written as a constant, within `range`.
    func constantNumber(_ i: Int, in range: ClosedRange<Double>, what: String) throws(QueryError) -> Double {
        guard case .constant(let value, _) = typed[i], let number = value.number, number.isFinite,
              range.contains(number) else {
            let bounds = "\(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound))"
            throw error(i, "\(what) must be a number from \(bounds), written as such", note: "e.g. \(signatureHint)")
        }
        return number
    }

    /// Types that go together (numbers mix; otherwise the same type); the common one.
    func common(_ indexes: [Int]) throws(QueryError) -> ValueType {
        var result: ValueType?
        for i in indexes {
            let t = typed[i].type
            if case .constant(.null, _) = typed[i] { continue }
            guard let current = result else { result = t; continue }
            if current == t { continue }
            if ExpressionChecker.isNumber(current), ExpressionChecker.isNumber(t) { result = .double; continue }
            throw error(i, "\(name)() needs values of one kind, but \(texts[i]) is \(ExpressionChecker.describe(t)) "
                        + "and an earlier one is \(ExpressionChecker.describe(current))")
        }
        return result ?? typed[indexes.first ?? 0].type
    }

    var signatureHint: String { FunctionTable.definition(named: name)?.signature ?? name + "(…)" }

    static func plain(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
