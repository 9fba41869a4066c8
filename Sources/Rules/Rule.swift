import Query

/// One line of a rules file: `BUY when price < avg(price) "cheap"` or
/// `MONITOR otherwise "mixed"`.
public struct Rule: Sendable, Hashable {
    /// The decision as written (`BUY`, `Avoid`, `charge_battery`).
    public var decision: String
    public var decisionRange: SourceRange
    /// The test after `when`; nil for `otherwise`.
    public var condition: Query.Expression?
    /// The text put in the `reason` column when the rule matches.
    public var reason: ReasonTemplate
    /// The whole rule, from the decision to the end of its reason.
    public var range: SourceRange
    /// The `when` or `otherwise` keyword.
    public var keywordRange: SourceRange

    public var isOtherwise: Bool { condition == nil }

    public init(decision: String, decisionRange: SourceRange, condition: Query.Expression?, reason: ReasonTemplate,
                range: SourceRange, keywordRange: SourceRange) {
        self.decision = decision
        self.decisionRange = decisionRange
        self.condition = condition
        self.reason = reason
        self.range = range
        self.keywordRange = keywordRange
    }
}

/// A name in a rules file with where it was written.
public struct NameReference: Sendable, Hashable {
    public var name: String
    public var range: SourceRange

    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// `alias price = avg_price_eur, spot_price_eur`: in this file `price` means
/// the first of those columns the input has.
public struct RuleAlias: Sendable, Hashable {
    public var name: NameReference
    public var columns: [NameReference]

    public init(name: NameReference, columns: [NameReference]) {
        self.name = name
        self.columns = columns
    }
}

/// Which rows a statistic such as `avg(price)` summarises.
public enum StatisticsScope: Sendable, Hashable {
    /// No `statistics` line: per area when the input has an `area` column
    /// (directly or through an alias), otherwise over all rows.
    case perAreaWhenPresent
    /// `statistics per area` or `statistics per area, hour`: one window per
    /// distinct combination of these columns' values.
    case per([NameReference])
    /// `statistics over all rows`: one window of every input row.
    case overAllRows
}
