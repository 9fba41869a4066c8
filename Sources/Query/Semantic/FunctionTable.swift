import Basics
import Foundation
import Tabular

/// Every function of the expression language, in one table: row functions
/// (`abs`, `round`, `coalesce`, `if`, the calendar parts and `bin`) and
/// aggregates (`count`, `sum`, `avg`, `min`, `max`, `median`, `p`,
/// `stddev`, `corr`). Pipelines and rules files read the same table:
/// aggregates are a group's values in `summarize` and a window's statistics
/// in rules files. Names are matched ignoring case.
public enum FunctionTable {
    public static let all: [FunctionDefinition] = rowFunctions + calendarFunctions + aggregates

    private static let byName: [String: FunctionDefinition] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The function called `name` (any case), hidden ones included.
    public static func definition(named name: String) -> FunctionDefinition? {
        byName[name.lowercased()]
    }

    /// The functions a user can call, in the table's order.
    public static var visible: [FunctionDefinition] { all.filter { !$0.isHidden } }

    /// Their names, for "did you mean" and completion.
    public static var names: [String] { visible.map(\.name) }

    /// `.help functions`: every function with its signature and summary, by kind.
    public static func overview() -> String {
        func section(_ title: String, _ kind: FunctionDefinition.Kind) -> String {
            let functions = visible.filter { $0.kind == kind }
            let width = functions.map(\.signature.count).max() ?? 0
            return ([title] + functions.map { "  " + $0.signature.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary })
                .joined(separator: "\n")
        }
        return [
            section("Row functions (where, extend, select, summarize … by, top, rules):", .row),
            section("Aggregates (summarize; in rules files, statistics of the window):", .aggregate),
            "Calendar parts and bin read times in the pipeline's time zone (tz=, default \(MarketTimeZone.identifier)).\n"
                + "'.help NAME' shows a function's examples.",
        ].joined(separator: "\n\n")
    }
}

// MARK: Row functions

extension FunctionTable {
    static let rowFunctions: [FunctionDefinition] = [
        FunctionDefinition(
            "abs", .row, signature: "abs(x)", summary: "the absolute value of a number",
            examples: ["daily area=DK1,DE since=2024-06-01 until=2024-07-01 | select day, area, price | pivot area price | extend spread = abs(DK1 - DE) | top 5 by=spread"],
            arity: 1...1,
            typing: { (a) throws(QueryError) in try a.number(0) },
            .row(RowImplementation(
                evaluation: .values { _ in { values in
                    switch values[0] {
                    case .int(let i):
                        guard i != .min else { throw ExpressionError("integer out of range in abs()") }
                        return .int(Swift.abs(i))
                    case .double(let d): return .double(Swift.abs(d))
                    default: return .null
                    }
                } },
                sql: { _, args, _ in "abs(\(args[0]))" }))),
        FunctionDefinition(
            "round", .row, signature: "round(x[, digits])",
            summary: "x rounded to digits after the point (default 0; negative rounds to tens, hundreds …), halves away from zero",
            examples: ["daily area=DK2 since=2024-10-01 until=2024-10-08 | select day, round(price) as price, round(production / 1000, 1) as gwh"],
            arity: 1...2, constantArguments: [1],
            typing: { (a) throws(QueryError) in
                let t = try a.number(0)
                if a.count > 1 { _ = try a.constantNumber(1, in: -15...15, what: "round's digits") }
                return t
            },
            .row(RowImplementation(
                evaluation: .values { call in
                    let digits = call.arguments.count > 1 ? Int(call.constant(1).number ?? 0) : 0
                    return { values in Rounding.round(values[0], digits: digits) }
                },
                sql: { call, args, _ in
                    let digits = call.arguments.count > 1 ? Int(call.constant(1).number ?? 0) : 0
                    if call.type == .int {
                        return digits >= 0 ? args[0] : "round((\(args[0]))::numeric, \(digits))::bigint"
                    }
                    return "round((\(args[0]))::numeric, \(digits))::double precision"
                }))),
        FunctionDefinition(
            "coalesce", .row, signature: "coalesce(a, b, …)", summary: "the first of its values that is not null",
            examples: ["hourly area=DK2 since=2024-08-28 until=2024-08-30 | extend production = coalesce(production, 0) | summarize count(), sum(production)"],
            arity: 1...64,
            typing: { (a) throws(QueryError) in try a.common(Array(0..<a.count)) },
            .row(RowImplementation(
                evaluation: .lazy { call in { thunks in
                    for thunk in thunks {
                        let v = try thunk()
                        if !v.isNull { return call.type == .double ? Value.asDouble(v) : v }
                    }
                    return .null
                } },
                sql: { call, args, _ in
                    let cast = call.type == .double ? "::double precision" : ""
                    return "coalesce(" + args.map { "(\($0))\(cast)" }.joined(separator: ", ") + ")"
                }))),
        FunctionDefinition(
            "if", .row, signature: "if(condition, a, b)",
            summary: "a where the condition is true, else b (also when it is unknown)",
            examples: ["hourly area=DK2 since=2024-10-01 until=2024-10-03 | extend band = if(price < 50, 'cheap', 'dear') | summarize count() by band"],
            arity: 3...3,
            typing: { (a) throws(QueryError) in
                try a.condition(0)
                return try a.common([1, 2])
            },
            .row(RowImplementation(
                evaluation: .lazy { call in { thunks in
                    let chosen: Value
                    if case .bool(true) = try thunks[0]() { chosen = try thunks[1]() } else { chosen = try thunks[2]() }
                    return call.type == .double ? Value.asDouble(chosen) : chosen
                } },
                sql: { call, args, _ in
                    let cast = call.type == .double ? "::double precision" : ""
                    return "CASE WHEN \(args[0]) THEN (\(args[1]))\(cast) ELSE (\(args[2]))\(cast) END"
                }))),
    ]
}

extension Value {
    /// An int as a double (a value of a column of both); anything else as it is.
    static func asDouble(_ v: Value) -> Value {
        if case .int(let i) = v { return .double(Double(i)) }
        return v
    }
}
