/// How a stage's arguments are written, which the parser must know before it
/// reads them.
public enum StageSyntax: Sendable, Hashable {
    /// `name=value`, comparisons and positional values: `daily area=DK1 last=7d`.
    case arguments
    /// One expression: `where price > 100 and area = DK1`.
    case expression
    /// `NAME = EXPR, …`: `extend wind = a + b, share = wind / production`.
    case assignments
    /// `EXPR [as NAME], …`: `select day, price * 2 as double_price`.
    case items
    /// `EXPR [as NAME], … [by EXPR [as NAME], …]`: `summarize avg(price) by area`.
    case aggregation
    /// `( PIPELINE )` then arguments, with `on COL,…`: `join (daily area=DK2) on day`.
    case subPipeline

    /// Whether the arguments are an `ItemList`.
    public var takesItems: Bool { self == .assignments || self == .items || self == .aggregation }
}
