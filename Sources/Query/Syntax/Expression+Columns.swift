extension Expression {
    /// The expression with every identifier decided, given the input's columns:
    /// a column name becomes `.column`; a name that is not a column but is
    /// compared with a column becomes a text literal (`area = DK1`,
    /// `area = DK1,DK2`); any other name is an `.unknownColumn` error with a
    /// "did you mean" over `columns`. Function names are left alone.
    public func resolvingIdentifiers(columns: [String], in source: SourceText?) throws(QueryError) -> Expression {
        let known = Set(columns)
        func isColumn(_ e: Expression) -> Bool {
            switch e.kind {
            case .column: return true
            case .identifier(let name): return known.contains(name)
            default: return false
            }
        }
        /// Names that are not columns, as text (for the side compared with a column).
        func asText(_ e: Expression) -> Expression {
            switch e.kind {
            case .identifier(let name) where !known.contains(name):
                return Expression(.literal(.string(name)), range: e.range)
            case .list(let items):
                return Expression(.list(items.map(asText)), range: e.range)
            default:
                return e
            }
        }
        func resolve(_ e: Expression) throws(QueryError) -> Expression {
            var copy = e
            switch e.kind {
            case .identifier(let name):
                guard known.contains(name) else {
                    throw QueryError.unknown(.unknownColumn, "unknown column '\(name)'", at: e.range, in: source,
                                             suggestion: Suggestions.closest(to: name, among: columns),
                                             note: columns.isEmpty ? "there are no columns here"
                                                 : "the columns here are " + columns.joined(separator: ", "))
                }
                copy.kind = .column(name)
            case .comparison(let op, let a, let b):
                let left = isColumn(b) ? asText(a) : a
                let right = isColumn(a) ? asText(b) : b
                copy.kind = .comparison(op, try resolve(left), try resolve(right))
            case .literal, .column, .variable:
                break
            case .list(let items):
                var out: [Expression] = []
                for item in items { out.append(try resolve(item)) }
                copy.kind = .list(out)
            case .negate(let x): copy.kind = .negate(try resolve(x))
            case .not(let x): copy.kind = .not(try resolve(x))
            case .arithmetic(let op, let a, let b): copy.kind = .arithmetic(op, try resolve(a), try resolve(b))
            case .and(let a, let b): copy.kind = .and(try resolve(a), try resolve(b))
            case .or(let a, let b): copy.kind = .or(try resolve(a), try resolve(b))
            case .call(let name, let args):
                var out: [Expression] = []
                for arg in args { out.append(try resolve(arg)) }
                copy.kind = .call(name, out)
            }
            return copy
        }
        return try resolve(self)
    }
}
