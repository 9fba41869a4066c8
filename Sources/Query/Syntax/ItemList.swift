/// The arguments of `extend`, `select` and `summarize`: expressions, each
/// maybe named, and (for summarize) the keys after `by`.
///
///     extend wind = OnshoreWindPower + OffshoreWindPower, share = wind / production
///     select day, price * 7.46 as price_dkk
///     summarize avg(price) as price, count() by area, month(time) as month
public struct ItemList: Sendable, Hashable {
    public var items: [ExpressionItem]
    /// The keys after `by` (summarize); empty without `by`.
    public var by: [ExpressionItem]
    /// The `by` keyword, when written.
    public var byRange: SourceRange?
    public var range: SourceRange

    public init(items: [ExpressionItem], by: [ExpressionItem] = [], byRange: SourceRange? = nil, range: SourceRange) {
        self.items = items
        self.by = by
        self.byRange = byRange
        self.range = range
    }
}

/// One item: `EXPR`, `EXPR as NAME` or `NAME = EXPR`.
public struct ExpressionItem: Sendable, Hashable {
    public var expression: Expression
    /// The name given with `as` or `NAME =`; nil when none was written.
    public var name: String?
    public var nameRange: SourceRange?
    /// The whole item.
    public var range: SourceRange

    public init(expression: Expression, name: String? = nil, nameRange: SourceRange? = nil, range: SourceRange) {
        self.expression = expression
        self.name = name
        self.nameRange = nameRange
        self.range = range
    }
}
