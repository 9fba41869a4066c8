import Query

/// Reads a rules file into a `RuleSet`. This comment is the format's reference.
///
/// # The rules file format
///
///     # default.rules: each day against the window's averages, per area
///     BUY      when price < avg(price) and production > avg(production)   "low price with strong production"
///     AVOID    when price > avg(price) and production < avg(production)   "high price and weak production"
///     MONITOR  otherwise                                                   "mixed market signals"
///
/// One rule or directive per line; blank lines and `#` comments (from `#`
/// outside quotes to the end of the line, also after a rule) are ignored. A
/// line may continue onto the next only inside parentheses.
///
/// ## Rules
///
///     DECISION when CONDITION ["reason"]
///     DECISION otherwise ["reason"]
///
/// - The rules are tried in order for each row; the **first** whose condition
///   is true decides, and its reason is given. `otherwise` matches every row
///   and must be the last rule. Without an `otherwise`, a row no rule matches
///   gets a null decision and a null reason.
/// - DECISION is one word (letters, digits, `_`), kept as written: `BUY`,
///   `Avoid`, `charge_battery`. The keywords `when`, `otherwise`, `alias`,
///   `statistics`, `and`, `or`, `not`, `true` and `false` cannot be decisions.
///   `when` and `otherwise` may be written in any case.
/// - The reason is the quoted text (`"…"` or `'…'`) at the end of the line,
///   with the escapes `\" \' \\ \n \t \u{…}`. It may show values:
///   `"price {price} is below the average {avg(price)}"`: decimal numbers
///   with two decimals, whole numbers as they are, a missing value as `n/a`
///   (see `ReasonTemplate`; `{{` and `}}` are literal braces). Without a reason, a
///   rule's reason is its condition as written, and `otherwise`'s is
///   "no other rule matched". Because the quoted text at the end of a line is
///   the reason, a condition cannot end in a quoted string: compare with a
///   bare word (`area = DK1`) or give a reason after it.
///
/// ## Conditions
///
/// The expression language of `where` (see `Expression`): numbers (`150`,
/// `-5`, `2.5`, `1e3`), names of the input's columns, `+ - * /`, comparisons
/// `= != < <= > >=` (`area = DK1,DK2` means any of them), `and`, `or`, `not`,
/// parentheses, `true`/`false`, dates (`day >= 2024-10-01`; against an
/// instant column a date means midnight in Copenhagen), and these functions:
///
/// | function | value |
/// | --- | --- |
/// | `avg(x)` | the mean of x over the window |
/// | `median(x)` | the middle value (the mean of the middle two for an even count) |
/// | `min(x)`, `max(x)` | the smallest, the largest |
/// | `sum(x)` | the total |
/// | `count()`, `count(x)` | the rows of the window; the rows where x is not null |
/// | `stddev(x)` | the **population** standard deviation √(Σ(x − mean)² / n) |
/// | `p(N, x)` | the N-th percentile (0…100) by **linear interpolation between closest ranks**: with the n values sorted as x₀…xₙ₋₁ and h = (n − 1)·N/100, it is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) (Excel PERCENTILE.INC, NumPy's default) |
/// | `abs(x)` | the absolute value of x on this row |
///
/// x is a column or any row expression (`avg(price * production)`); statistics
/// cannot be nested. Function names may be written in any case. A bare name
/// that is not a column is a word only where it is compared with a text
/// column (`area = DK1`); anywhere else it is an unknown column.
///
/// ## The window and its groups
///
/// Statistics summarise the rows `decide` receives (its window), split into
/// groups:
///
///     statistics per area           # the default: one window per area
///     statistics per area, kind     # per combination of these columns' values
///     statistics over all rows      # one window of every row ("over all" also works)
///
/// With no `statistics` line, statistics are per area when the input has an
/// `area` column (directly or through an alias) and over all rows when it has
/// none. At most one `statistics` line per file.
///
/// ## Column names and aliases
///
/// Rules name columns the way their authors think of them (`price`,
/// `production`, `area`); the input may call them something else
/// (`avg_price_eur`, `total_production_mwh`, `price_area`). A name in a rule
/// is looked up in this order:
///
/// 1. an `alias` line in the file:
///
///        alias price = avg_price_eur, spot_price_eur   # the first one the input has
///
///    (when the input has none of them, the name is an unknown column and the
///    error says which columns the alias tried);
/// 2. a column of the input with exactly that name;
/// 3. the aliases the caller passes (`RuleSet.apply(to:aliases:)`), e.g.
///    `RuleSet.commonAliases` for the store's column names.
///
/// An unknown column is an error at the name, with "did you mean" and the
/// columns the input has.
///
/// ## Missing values
///
/// A comparison, arithmetic or function with a null operand (no production
/// that day, a statistic of a window with no values, a division by zero) is
/// *unknown*, never true. `and`, `or` and `not` follow SQL's three-valued
/// logic (`false and unknown` is false, `true or unknown` is true, `not
/// unknown` is unknown). A rule fires only when its condition is true, so a
/// row missing a needed value falls through to the next rule and, in the end,
/// to `otherwise`. Statistics skip nulls (`avg` of 10, null, 20 is 15).
///
/// ## Output
///
/// `decide` appends two text columns, `decision` and `reason` (replacing
/// columns of those names if the input has them).
///
/// # Errors
///
/// Every error points at file:line:column with a caret (`QueryError`).
/// `parse` finds what the text alone can tell (syntax, unknown functions,
/// arity, `otherwise` not last, an empty file); `RuleSet.validate` finds what
/// needs the input's columns (unknown columns, type mismatches such as
/// `area > 5`).
public struct RuleFileParser {
    let source: SourceText
    var rules: [Rule] = []
    var aliases: [RuleAlias] = []
    var statistics: StatisticsScope = .perAreaWhenPresent
    var statisticsRange: SourceRange?

    /// Words that cannot be decisions.
    static let reservedWords: Set<String> = ["when", "otherwise", "alias", "statistics", "and", "or", "not", "true", "false"]

    static let ruleShape = "a rule is DECISION when CONDITION \"reason\", or DECISION otherwise \"reason\""

    init(source: SourceText) {
        self.source = source
    }

    /// The rule set in `source`.
    public static func parse(_ source: SourceText) throws(QueryError) -> RuleSet {
        var parser = RuleFileParser(source: source)
        for line in try parser.logicalLines() {
            try parser.parseLine(line)
        }
        try parser.checkOtherwiseIsLast()
        guard !parser.rules.isEmpty else {
            let what = source.name.map { "no rules in \($0)" } ?? "no rules"
            throw QueryError(.other, what, at: source.range(0, 0), in: source,
                             note: "write one rule per line, e.g. BUY when price < avg(price) \"below the average price\"")
        }
        return RuleSet(source: source, rules: parser.rules, aliases: parser.aliases, statistics: parser.statistics)
    }

    // MARK: Lines

    /// The tokens of each non-empty line (lines joined inside parentheses),
    /// without the line breaks.
    func logicalLines() throws(QueryError) -> [[Token]] {
        var lexer = Lexer(source, mode: .expression)
        var lines: [[Token]] = []
        var current: [Token] = []
        var openParens: [Token] = []
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .end:
                if let open = openParens.first {
                    throw QueryError(.unclosedParenthesis, "unclosed '('", at: open.range, in: source,
                                     label: "this '(' is never closed")
                }
                if !current.isEmpty { lines.append(current) }
                return lines
            case .newline:
                if !current.isEmpty { lines.append(current) }
                current = []
                continue
            case .string where token.range.start.line != token.range.end.line:
                // The lexer lets strings span lines; a reason may not, and the
                // quote that was really left open is this one.
                let closing = token.text.first == "'" ? "'" : "\""
                throw QueryError(.unterminatedString, "unterminated string",
                                 at: source.range(token.range.start.offset, token.range.start.offset + 1), in: source,
                                 label: "this quote is never closed", note: "end the string with \(closing)")
            case .leftParen:
                openParens.append(token)
            case .rightParen:
                if openParens.popLast() == nil {
                    throw QueryError(.unmatchedParenthesis, "unexpected ')'", at: token.range, in: source,
                                     note: "there is no '(' for it to close")
                }
            default:
                break
            }
            current.append(token)
        }
    }

    mutating func parseLine(_ line: [Token]) throws(QueryError) {
        guard let first = line.first else { return }
        guard let word = first.word else {
            throw QueryError(.unexpectedToken, "expected a decision such as BUY at the start of the rule, found \(first.quoted)",
                             at: first.range, in: source, note: Self.ruleShape)
        }
        switch word.lowercased() {
        case "alias": try parseAlias(line)
        case "statistics": try parseStatistics(line)
        case "when", "otherwise":
            throw QueryError(.unexpectedToken, "expected a decision before '\(word)'", at: first.range, in: source,
                             label: "what does this rule decide?", note: Self.ruleShape)
        case let w where Self.reservedWords.contains(w):
            throw QueryError(.invalidName, "'\(word)' is a keyword and cannot be a decision", at: first.range, in: source,
                             note: Self.ruleShape)
        default: try parseRule(line)
        }
    }

    // MARK: Rules

    mutating func parseRule(_ line: [Token]) throws(QueryError) {
        let label = line[0]
        let decision = label.word ?? label.text
        guard line.count > 1 else {
            throw QueryError(.unexpectedToken, "expected 'when' or 'otherwise' after '\(decision)'",
                             at: SourceRange(at: label.range.end), in: source, note: Self.ruleShape)
        }
        let keyword = line[1]
        let keywordText = keyword.word?.lowercased()
        guard keywordText == "when" || keywordText == "otherwise" else {
            let suggestion = keyword.word.flatMap { Suggestions.closest(to: $0, among: ["when", "otherwise"]) }
            throw QueryError(.unexpectedToken, "expected 'when' or 'otherwise' after '\(decision)', found \(keyword.quoted)",
                             at: keyword.range, in: source, label: suggestion.map { "did you mean '\($0)'?" },
                             note: Self.ruleShape, suggestion: suggestion)
        }
        // The quoted text at the end of the line is the reason.
        var body = Array(line[2...])
        var reasonToken: Token?
        if let last = body.last, case .string = last.kind {
            reasonToken = last
            body.removeLast()
        }
        var reason: ReasonTemplate?
        if let reasonToken { reason = try ReasonTemplate.parse(reasonToken, in: source) }
        let end = (reasonToken ?? body.last ?? keyword).range
        let range = label.range.union(end)

        if keywordText == "otherwise" {
            if let extra = body.first {
                throw QueryError(.unexpectedToken, "unexpected \(extra.quoted) after 'otherwise'", at: extra.range, in: source,
                                 note: "'otherwise' takes no condition; only a reason in quotes may follow it")
            }
            rules.append(Rule(decision: decision, decisionRange: label.range, condition: nil,
                              reason: reason ?? .fixed("no other rule matched"), range: range, keywordRange: keyword.range))
            return
        }
        let condition: Expression
        do throws(QueryError) {
            guard !body.isEmpty else {
                throw QueryError(.expectedExpression, "expected a condition after 'when'",
                                 at: reasonToken?.range ?? SourceRange(at: keyword.range.end), in: source,
                                 note: "e.g. \(decision) when price < avg(price) \"below the average price\"")
            }
            var parser = try ExpressionParser(tokens: body, source: source, after: keyword)
            condition = try parser.parseExpression()
            if let extra = parser.remaining.first {
                throw unexpected(extra, after: parser.remaining)
            }
        } catch {
            // A condition that ends in a string lost it to the reason: say so.
            if reasonToken != nil, error.code == .expectedExpression, error.note == nil,
               let lastBody = body.last, error.range.start.offset >= lastBody.range.start.offset {
                var explained = error
                explained.note = "the quoted text at the end of a rule is its reason; compare with a bare word "
                    + "(area = DK1) or put the reason after the condition"
                throw explained
            }
            throw error
        }
        try Self.checkCalls(condition, in: source)
        if let reason {
            for e in reason.expressions { try Self.checkCalls(e, in: source) }
        }
        rules.append(Rule(decision: decision, decisionRange: label.range, condition: condition,
                          reason: reason ?? .fixed(Self.conditionText(condition, in: source)),
                          range: range, keywordRange: keyword.range))
    }

    /// What the text alone can tell about calls: known functions, arity, no
    /// nested statistics, constant percentiles, no `$variables`.
    static func checkCalls(_ expression: Expression, in source: SourceText) throws(QueryError) {
        try ExpressionChecker.checkCalls(expression, in: source, allowAggregates: true,
                                         variables: "variables such as '$%@' cannot be used in a rules file")
    }

    /// Something left after the condition: a reason with more after it, or a slip.
    func unexpected(_ extra: Token, after rest: ArraySlice<Token>) -> QueryError {
        if case .string = extra.kind, rest.count > 1 {
            let next = rest[rest.startIndex + 1]
            return QueryError(.unexpectedToken, "unexpected \(next.quoted) after the reason", at: next.range, in: source,
                              note: "the reason in quotes ends the rule")
        }
        if extra.kind == .rightParen {
            return QueryError(.unmatchedParenthesis, "unexpected ')'", at: extra.range, in: source,
                              note: "there is no '(' for it to close")
        }
        return QueryError(.unexpectedToken, "unexpected \(extra.quoted) after the condition", at: extra.range, in: source,
                          note: "join conditions with 'and' or 'or'; the reason goes last, in quotes")
    }

    /// The condition as written, spaces collapsed (it may span lines).
    static func conditionText(_ condition: Expression, in source: SourceText) -> String {
        source.text(in: condition.range).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func checkOtherwiseIsLast() throws(QueryError) {
        guard let index = rules.firstIndex(where: \.isOtherwise), index < rules.count - 1 else { return }
        let otherwise = rules[index]
        let next = rules[index + 1]
        throw QueryError(.unexpectedToken, "'otherwise' must be the last rule", at: otherwise.keywordRange, in: source,
                         label: "the rules after it could never match",
                         note: "move this rule to the end, after the rule on line \(rules[rules.count - 1].range.start.line)"
                             + (next.isOtherwise ? "; a file has one 'otherwise'" : ""))
    }

    // MARK: Directives

    /// `alias NAME = COLUMN[, COLUMN…]`
    mutating func parseAlias(_ line: [Token]) throws(QueryError) {
        let keyword = line[0]
        let shape = "write alias NAME = COLUMN, e.g. alias price = avg_price_eur (or several columns: the first the input has)"
        guard line.count > 1, let name = line[1].word else {
            throw expected("a name", after: keyword, in: line, at: 1, note: shape)
        }
        guard !Self.reservedWords.contains(name.lowercased()), FunctionTable.definition(named: name) == nil else {
            throw QueryError(.invalidName, "'\(name)' cannot be an alias", at: line[1].range, in: source,
                             label: "a keyword or function name", note: shape)
        }
        guard line.count > 2, line[2].kind == .comparison(.equal) else {
            throw expected("'='", after: line[1], in: line, at: 2, note: shape)
        }
        var columns: [NameReference] = []
        var i = 3
        while true {
            guard i < line.count, let column = line[i].word else {
                throw expected("a column name", after: line[i - 1], in: line, at: i, note: shape)
            }
            columns.append(NameReference(column, range: line[i].range))
            i += 1
            guard i < line.count else { break }
            guard line[i].kind == .comma else {
                throw QueryError(.unexpectedToken, "unexpected \(line[i].quoted) in the alias of '\(name)'",
                                 at: line[i].range, in: source, note: "separate several columns with commas: " + shape)
            }
            i += 1
        }
        if let earlier = aliases.first(where: { $0.name.name == name }) {
            throw QueryError(.duplicateArgument, "'\(name)' already has an alias", at: line[1].range, in: source,
                             note: "the alias on line \(earlier.name.range.start.line) says what '\(name)' means; "
                                 + "list several columns there, separated by commas")
        }
        aliases.append(RuleAlias(name: NameReference(name, range: line[1].range), columns: columns))
    }

    /// `statistics per NAME[, NAME…]` or `statistics over all [rows]`.
    mutating func parseStatistics(_ line: [Token]) throws(QueryError) {
        let keyword = line[0]
        let shape = "write 'statistics per area' (the default) or 'statistics over all rows'"
        if let earlier = statisticsRange {
            throw QueryError(.duplicateArgument, "the statistics are already set on line \(earlier.start.line)",
                             at: keyword.range, in: source, note: "a file has at most one 'statistics' line")
        }
        statisticsRange = keyword.range
        let how = line.count > 1 ? line[1].word?.lowercased() : nil
        switch how {
        case "per":
            var names: [NameReference] = []
            var i = 2
            while true {
                guard i < line.count, let name = line[i].word else {
                    throw expected("a column name", after: line[i - 1], in: line, at: i, note: shape)
                }
                names.append(NameReference(name, range: line[i].range))
                i += 1
                guard i < line.count else { break }
                guard line[i].kind == .comma else {
                    throw QueryError(.unexpectedToken, "unexpected \(line[i].quoted) after the statistics' columns",
                                     at: line[i].range, in: source, note: "separate several columns with commas")
                }
                i += 1
            }
            statistics = .per(names)
        case "over":
            guard line.count > 2, line[2].word?.lowercased() == "all" else {
                throw expected("'all'", after: line[1], in: line, at: 2, note: shape)
            }
            var i = 3
            if i < line.count, line[i].word?.lowercased() == "rows" { i += 1 }
            if i < line.count {
                throw QueryError(.unexpectedToken, "unexpected \(line[i].quoted) after 'statistics over all'",
                                 at: line[i].range, in: source, note: shape)
            }
            statistics = .overAllRows
        default:
            let found = line.count > 1 ? line[1] : nil
            let suggestion = found?.word.flatMap { Suggestions.closest(to: $0, among: ["per", "over"]) }
            throw QueryError(.unexpectedToken,
                             "expected 'per' or 'over' after 'statistics'" + (found.map { ", found \($0.quoted)" } ?? ""),
                             at: found?.range ?? SourceRange(at: keyword.range.end), in: source,
                             label: suggestion.map { "did you mean '\($0)'?" }, note: shape, suggestion: suggestion)
        }
    }

    /// "expected X after 'previous'", at `line[index]` or just after `previous` at the end of the line.
    func expected(_ what: String, after previous: Token, in line: [Token], at index: Int, note: String) -> QueryError {
        if index < line.count {
            return QueryError(.unexpectedToken, "expected \(what) after \(previous.quoted), found \(line[index].quoted)",
                              at: line[index].range, in: source, note: note)
        }
        return QueryError(.unexpectedToken, "expected \(what) after \(previous.quoted)",
                          at: SourceRange(at: previous.range.end), in: source, note: note)
    }
}
