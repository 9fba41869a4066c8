import Basics
import Foundation
import Query
import Tabular

/// The rules of one rules file, parsed: what `decide` applies to rows.
///
///     let rules = try RuleSet.parse(text, name: "queries/rules/default.rules")
///     try rules.validate(against: input.schema, aliases: RuleSet.commonAliases)  // optional: at plan time
///     let decided = try rules.apply(to: input, aliases: RuleSet.commonAliases)   // + decision, reason
///
/// The file format is documented on `RuleFileParser`. Errors are `QueryError`s
/// that point into the file (render them with `rendered()`).
public struct RuleSet: Sendable, Hashable {
    /// The text the rules came from; errors point into it.
    public let source: SourceText
    /// In order; the first whose condition is true decides.
    public var rules: [Rule]
    public var aliases: [RuleAlias]
    public var statistics: StatisticsScope

    /// The columns `apply` adds (text).
    public static let decisionColumn = "decision"
    public static let reasonColumn = "reason"

    /// Names the store's tables use for what rules call `price`, `production`
    /// and `area` (energi_daily: avg_price_eur, total_production_mwh,
    /// price_area; energi_records: spot_price_eur, production_mwh). A caller
    /// whose sources use other names passes its own map.
    public static let commonAliases: ColumnAliases = [
        "price": ["avg_price_eur", "spot_price_eur"],
        "production": ["total_production_mwh", "production_mwh"],
        "area": ["price_area"],
    ]

    public init(source: SourceText, rules: [Rule], aliases: [RuleAlias] = [], statistics: StatisticsScope = .perAreaWhenPresent) {
        self.source = source
        self.rules = rules
        self.aliases = aliases
        self.statistics = statistics
    }

    /// Parses a rules file; `name` (its path) is what errors print as `--> name:line:col`.
    public static func parse(_ text: String, name: String? = nil) throws(QueryError) -> RuleSet {
        try RuleFileParser.parse(SourceText(text, name: name))
    }

    public static func parse(_ source: SourceText) throws(QueryError) -> RuleSet {
        try RuleFileParser.parse(source)
    }

    /// The decisions the rules can give, in order of first appearance.
    public var decisions: [String] {
        var seen = Set<String>()
        return rules.map(\.decision).filter { seen.insert($0).inserted }
    }

    /// Whether every row gets a decision (the last rule is `otherwise`).
    public var hasOtherwise: Bool { rules.last?.isOtherwise ?? false }

    /// Checks the rules against an input's columns: every name resolves (to
    /// a column, through the file's or `aliases`), types fit, and the
    /// statistics' grouping columns exist.
    public func validate(against schema: Schema, aliases: ColumnAliases = [:],
                         timeZone: TimeZone = .copenhagen) throws(QueryError) {
        _ = try RuleBinder(ruleSet: self, schema: schema, aliases: aliases, timeZone: timeZone).bind()
    }

    /// The input's columns with `decision` and `reason` (text) at the end, or
    /// in place when the input already has columns of those names.
    public func outputSchema(for schema: Schema) -> Schema {
        var columns = schema.columns
        for name in [Self.decisionColumn, Self.reasonColumn] where schema.index(of: name) == nil {
            columns.append(Column(name, .text))
        }
        for (i, column) in columns.enumerated() where column.name == Self.decisionColumn || column.name == Self.reasonColumn {
            columns[i] = Column(column.name, .text)
        }
        return Schema(columns)
    }

    /// `input` with each row's decision and reason. Statistics summarise the
    /// rows given (the window), per group (see `statistics`). A row no rule
    /// matches gets nulls. Dates in the rules are read in `timeZone`.
    public func apply(to input: RowSet, aliases: ColumnAliases = [:],
                      timeZone: TimeZone = .copenhagen) throws(QueryError) -> RowSet {
        let bound = try RuleBinder(ruleSet: self, schema: input.schema, aliases: aliases, timeZone: timeZone).bind()
        let decided = try RuleEvaluator(rules: bound).decide(input.rows)
        let schema = outputSchema(for: input.schema)
        let decisionIndex = schema.index(of: Self.decisionColumn) ?? schema.columns.count - 2
        let reasonIndex = schema.index(of: Self.reasonColumn) ?? schema.columns.count - 1
        var rows: [[Value]] = []
        rows.reserveCapacity(input.rows.count)
        for (row, result) in zip(input.rows, decided) {
            var out = row
            // Rows shorter than the schema are padded rather than trusted.
            while out.count < schema.columns.count { out.append(.null) }
            out[decisionIndex] = result.decision
            out[reasonIndex] = result.reason
            rows.append(out)
        }
        return RowSet(schema: schema, rows: rows)
    }
}
