import Foundation
import Query
import Tabular

/// Checking the items of `extend`, `select` and `summarize` and naming
/// the columns they make.
///
/// A column without `as NAME` (or `NAME =`) is named after what it computes:
/// a column keeps its name; `month(time)` is `month`, `bin(time, 1w)` is
/// `time`; `avg(price)` is `avg_price`, `count()` is `count`, `p(90, price)`
/// is `p90_price`, `corr(a, b)` is `corr_a_b`. Anything else is named as
/// written (`production/1000`), unless that is longer than a name may be.
enum ItemColumns {
    /// The name an item's column gets.
    static func name(of item: ExpressionItem, typed: TypedExpression, checker: ExpressionChecker,
                     stage: String, source: SourceText?) throws(QueryError) -> String {
        if let name = item.name {
            guard !name.isEmpty else {
                throw QueryError(.invalidName, "a column needs a name", at: item.nameRange ?? item.range, in: source)
            }
            guard name.utf8.count <= 63 else {
                throw QueryError(.invalidName, "a column name has at most 63 bytes", at: item.nameRange ?? item.range,
                                 in: source, label: "limit of 63 bytes (PostgreSQL's)")
            }
            return name
        }
        if let derived = derivedName(item.expression) { return derived }
        // Anything else is named as written (as DuckDB does): `production/1000`.
        if let written = source.map({ $0.text(in: item.expression.range).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }),
           !written.isEmpty, written.utf8.count <= 63 {
            return written
        }
        throw QueryError(.invalidName, "name this column with 'as'", at: item.range, in: source,
                         label: "what should the column be called?",
                         note: "e.g. \(stage) \(source?.text(in: item.expression.range) ?? "…") as value")
    }

    /// The name an expression gives its column, if it gives one.
    static func derivedName(_ e: Query.Expression) -> String? {
        switch e.kind {
        case .identifier(let name), .column(let name): return name
        case .literal(.string(let name)): return name
        case .call(let function, let arguments):
            let lower = function.lowercased()
            switch lower {
            case "hour", "weekday", "day", "month", "year", "week": return lower
            case "bin": return arguments.first.flatMap(derivedName)
            case "count":
                guard let argument = arguments.first else { return "count" }
                return derivedName(argument).map { "count_" + $0 }
            case "p":
                guard arguments.count == 2, let column = derivedName(arguments[1]) else { return nil }
                switch arguments[0].kind {
                case .literal(.integer(let n)): return "p\(n)_" + column
                case .literal(.decimal(let d)): return "p" + String(d).replacingOccurrences(of: ".", with: "_") + "_" + column
                default: return nil
                }
            case "corr":
                let names = arguments.compactMap(derivedName)
                return names.count == 2 ? "corr_" + names.joined(separator: "_") : nil
            default:
                guard arguments.count == 1, let column = derivedName(arguments[0]) else { return nil }
                return lower + "_" + column
            }
        default:
            return nil
        }
    }

    /// An error when a name is used twice among `names` (the later one).
    static func checkDistinct(_ names: [(String, SourceRange)], source: SourceText?) throws(QueryError) {
        var seen: [String: SourceRange] = [:]
        for (name, range) in names {
            if let earlier = seen[name] {
                throw QueryError(.duplicateArgument, "two columns are named '\(name)'", at: range, in: source,
                                 label: "also at \(earlier.start)", note: "name one of them with 'as'")
            }
            seen[name] = range
        }
    }

    /// The column an item makes: its name, the type, and the unit the checker infers.
    static func column(_ name: String, _ typed: TypedExpression, checker: ExpressionChecker) -> Column {
        var column = Column(name, typed.type, unit: checker.unit(of: typed))
        // A column passed through keeps what its averages weigh by.
        if let source = typed.columnName, source == name { column.weight = checker.scope.resolve(source)?.weight }
        return column
    }
}
