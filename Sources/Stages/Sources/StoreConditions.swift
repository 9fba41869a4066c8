import Basics
import Postgres
import Query
import Store
import Tabular

/// WHERE conditions of the store sources, from their common arguments. All
/// values go in as parameters; table and column names are constants here.
enum StoreConditions {
    /// What `.help` says of filters in every store source.
    static let rowFilterNote = "A COLUMN op VALUE argument filters the rows the source reads before it groups them, as SQL's WHERE does: prices price<0 by=area counts each area's negative hours. A filter on a column only the groups have (min_price, intervals, hours …) filters the groups instead. explain says which."

    /// The conditions that say which rows a source reads, for a table alias.
    typealias Kind = (_ alias: String, _ parameters: inout SQLParameters) -> [String]

    /// `area = $1` or `area = ANY($1::text[])`; nil for all areas.
    static func area(_ column: String, _ areas: [String], _ p: inout SQLParameters) -> String? {
        switch areas.count {
        case 0: return nil
        case 1: return "\(column) = \(p.bind(.text(areas[0])))"
        default: return "\(column) = ANY(\(p.bind(.array(areas)))::text[])"
        }
    }

    /// Conditions on the store's records under `alias`: what the source reads
    /// (`kind`, given an alias), areas, since/until, and `last=` counted back
    /// from the newest row of the same kind and areas (before `until`).
    /// `newest` (default: `kind`) says which rows count as the newest data for `last=`.
    static func records(_ alias: String, kind: Kind, newest: Kind? = nil, _ args: SourceArguments,
                        _ p: inout SQLParameters) -> [String] {
        let r = RecordsSQL(alias), n = RecordsSQL("n")
        var conditions = kind(alias, &p)
        if let area = area(r.area, args.areas, &p) { conditions.append(area) }
        if let since = args.since { conditions.append("\(r.time) >= \(p.bind(.timestamp(since)))") }
        if let until = args.until { conditions.append("\(r.time) < \(p.bind(.timestamp(until)))") }
        if let last = args.last {
            var latest = newest.map { $0(n.alias, &p) } ?? kind(n.alias, &p)
            if let area = area(n.area, args.areas, &p) { latest.append(area) }
            if let until = args.until { latest.append("\(n.time) < \(p.bind(.timestamp(until)))") }
            let filter = latest.isEmpty ? "" : " WHERE " + latest.joined(separator: " AND ")
            let interval = p.bind(.text(SourceArguments.interval(last)))
            conditions.append("\(r.time) > (SELECT max(\(n.time)) FROM \(n.from)\(filter)) - \(interval)::interval")
        }
        return conditions
    }

    /// Conditions on the daily rollup under `alias` by Danish day; `last=` counts
    /// whole days back from the newest day of the areas (before `until`).
    static func days(_ alias: String, kind: Kind = { _, _ in [] }, _ args: SourceArguments,
                     _ p: inout SQLParameters) -> [String] {
        let d = DailySQL(alias), n = DailySQL("n")
        var conditions = kind(alias, &p)
        if let area = area(d.area, args.areas, &p) { conditions.append(area) }
        if let day = args.sinceDay { conditions.append("\(d.day) >= \(p.bind(.date(day.postgres)))") }
        if let day = args.untilDay { conditions.append("\(d.day) < \(p.bind(.date(day.postgres)))") }
        if let last = args.last {
            var newest = kind(n.alias, &p)
            if let area = area(n.area, args.areas, &p) { newest.append(area) }
            if let day = args.untilDay { newest.append("\(n.day) < \(p.bind(.date(day.postgres)))") }
            let filter = newest.isEmpty ? "" : " WHERE " + newest.joined(separator: " AND ")
            let days = p.bind(.int(SourceArguments.days(last)))
            conditions.append("\(d.day) > (SELECT max(\(n.day)) FROM \(n.from)\(filter)) - \(days)::integer")
        }
        return conditions
    }

    /// `WHERE a\n  AND b`, or nothing.
    static func clause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "\nWHERE " + conditions.joined(separator: "\n  AND ")
    }

    /// A grouped source's statement: its keys (named as their columns), then
    /// `aggregates`, from `from` (joins included), grouped by the keys.
    static func groupedSelect(keys: [(sql: String, column: Column)], aggregates: [String], from: String,
                              where conditions: [String]) -> String {
        let select = keys.map { "\($0.sql) AS \(SQL.identifier($0.column.name))" } + aggregates
        return """
            SELECT \(select.joined(separator: ",\n       "))
            FROM \(from)\(clause(conditions))
            GROUP BY \(keys.indices.map { String($0 + 1) }.joined(separator: ", "))
            """
    }

    /// The source's `COLUMN op VALUE` arguments (`prices price>100`) as
    /// filters on its output, pushed like a `where` right after it. For a
    /// source that groups its rows, only the filters `rowFilters` left over
    /// (on columns only the groups have) come here.
    static func applyFilters(_ stage: BoundStage, _ filters: [ColumnFilter]? = nil, to query: inout StoreQuery,
                             context: ExecutionContext, grouped: Bool = false) throws(QueryError) {
        let filters = filters ?? stage.filters
        guard !filters.isEmpty else { return }
        let checker = ExpressionChecker(schema: query.schema, timeZone: context.timeZone,
                                        source: context.statement, stage: stage.name)
        for filter in filters {
            let text = written(filter, context)
            query.filter(try checker.condition(comparison(filter)), stage: stage.name, text: stage.name + " " + text)
            if grouped { query.note("\(text) filters the groups (a column the source's rows do not have)") }
        }
    }

    /// A column of the rows a grouping source reads, before it groups them:
    /// its name and type as a filter sees them, and its SQL on the table.
    struct RowColumn {
        var column: Column
        var sql: String

        init(_ column: Column, _ sql: String) {
            self.column = column
            self.sql = sql
        }
    }

    /// The source's filters on columns its rows have before grouping, as SQL
    /// conditions on those rows (what SQL's WHERE does: `prices price<0
    /// by=area` counts the negative hours of each area), and the other
    /// filters, which apply to the groups.
    static func rowFilters(_ stage: BoundStage, rows: [RowColumn], groups: [String], context: ExecutionContext,
                           _ p: inout SQLParameters) throws(QueryError) -> (conditions: [String], written: [String], rest: [ColumnFilter]) {
        let schema = Schema(rows.map(\.column))
        let sql = Dictionary(rows.map { ($0.column.name, $0.sql) }, uniquingKeysWith: { a, _ in a })
        let checker = ExpressionChecker(schema: schema, timeZone: context.timeZone, source: context.statement,
                                        stage: stage.name)
        let writer = SQLWriter(column: { sql[$0] ?? SQL.identifier($0) })
        var conditions: [String] = []
        var applied: [String] = []
        var rest: [ColumnFilter] = []
        for filter in stage.filters {
            // price>min_price compares with a column only the groups have.
            let refersToGroups = filter.value.items.contains { item in
                if case .word(let w) = item { return schema.index(of: w) == nil && groups.contains(w) }
                return false
            }
            guard schema.index(of: filter.column) != nil, !refersToGroups else {
                rest.append(filter)
                continue
            }
            let condition = try checker.condition(comparison(filter))
            conditions.append(SQL.text(condition, &p, writer: writer))
            applied.append(written(filter, context))
        }
        return (conditions, applied, rest)
    }

    /// The notes `explain` shows for filters applied before grouping, and a
    /// probe that explains an empty result: how many rows the source read
    /// with and without them (`rows` gives the FROM and WHERE for either).
    static func noteRowFilters(_ stage: BoundStage, _ filters: [String], rows what: String, grouping: String,
                               into query: inout StoreQuery,
                               probe: (_ withFilters: Bool) throws(QueryError) -> (sql: String, parameters: [PostgresValue]))
        throws(QueryError) {
        guard !filters.isEmpty else { return }
        let before = try probe(false), after = try probe(true)
        let applied = filters.joined(separator: ", ")
        query.note("\(applied) filters the \(what) before \(grouping) groups them")
        query.probes.append(FilterProbe(stage: stage.name, text: stage.name + " " + applied, before: before, after: after))
    }

    /// A filter as written: `price<0`.
    static func written(_ filter: ColumnFilter, _ context: ExecutionContext) -> String {
        context.statement.map { $0.text(in: filter.range) } ?? "\(filter.column) \(filter.op.rawValue) \(filter.value)"
    }

    /// A filter as an expression: the column compared with the value.
    static func comparison(_ filter: ColumnFilter) -> Expression {
        let column = Expression(.identifier(filter.column), range: filter.columnRange)
        let value = Self.expression(filter.value, at: filter.range)
        return Expression(.comparison(filter.op, column, value), range: filter.range)
    }

    /// A filter's value as an expression literal.
    static func expression(_ value: ArgumentValue, at range: SourceRange) -> Expression {
        let kind: Expression.Kind
        switch value {
        // A word may name another column (price>min_price); otherwise it is text (area!=DK2).
        case .word(let w), .column(let w): kind = .identifier(w)
        case .text(let w): kind = .literal(.string(w))
        case .number(let d): kind = .literal(.decimal(d))
        case .integer(let i): kind = .literal(.integer(i))
        case .duration(let d): kind = .literal(.duration(d))
        case .date(let d): kind = .literal(.date(d))
        case .dateTime(let t): kind = .literal(.dateTime(t))
        case .bool(let b): kind = .literal(.bool(b))
        case .expression(let e): return e
        case .list(let items): kind = .list(items.map { expression($0, at: range) })
        }
        return Expression(kind, range: range)
    }
}

extension Day {
    var postgres: PostgresDate { PostgresDate(year: year, month: month, day: day) }
}
