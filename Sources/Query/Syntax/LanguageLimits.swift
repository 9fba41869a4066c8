/// The limits that keep any input from crashing, hanging or exhausting
/// memory: the parser and the binder refuse what goes beyond them with an
/// error that names the limit. Far beyond what a person writes.
public enum LanguageLimits {
    /// Parentheses, `not`, unary minus and function calls inside each other.
    public static let nesting = 64
    /// Parts (names, values, operators, calls) of one expression.
    public static let expressionSize = 10_000
    /// Levels of an expression's tree: a chain `a + b + c …` counts one level
    /// per term (`and`/`or` chains are balanced and count few).
    public static let expressionDepth = 256
    /// Values of one list (`area=DK1,DK2,…`) or items of one stage.
    public static let listLength = 1_000
    /// Stages of one pipeline.
    public static let stages = 256
    /// Pipelines inside each other (`join ( … join ( … ) … )`).
    public static let pipelineNesting = 8
}
