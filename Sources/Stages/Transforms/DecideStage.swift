import Foundation
import Query
import Rules
import Tabular

/// `decide [rules=NAME]`: adds `decision` and `reason` to every row from a
/// rules file (format: `RuleFileParser`; shipped: default, absolute, negative).
///
/// NAME.rules is looked for in `context.rulesDirectories` in order (the shell
/// passes ./queries/rules when the directory is trusted,
/// $XDG_CONFIG_HOME/energiflow/rules, then the shipped rules). A word is
/// only ever a name (`rules=../../etc/shadow` is refused before anything is
/// read); a file elsewhere is given in quotes (`rules='./mine.rules'`) and
/// must be a `.rules` file (`RuleFileLocator`). The file is read
/// and checked against the input's columns while planning when those are
/// known, so a rules error or a column the input lacks is reported before
/// anything runs, pointing into the rules file (file:line:col).
///
/// Blocking: statistics such as `avg(price)` summarise every row `decide`
/// receives (its window, per area by default), so it reads all rows first —
/// except on a live input, where each row is decided as it arrives against
/// the rows so far (`LiveDecisionStream`).
/// Every source names its measures `price` (EUR/MWh) and `production` (MWh),
/// which is what rules files say; `RuleSet.commonAliases` also lets rules run
/// on rows from `sql` that keep the store's column names.
struct DecideStage: TransformStage {
    let spec = StageSpec(
        name: "decide", kind: .transform,
        summary: "Adds decision and reason to each row from a rules file (default: BUY cheap and plentiful, AVOID dear and scarce, else MONITOR).",
        arguments: [
            ArgumentSpec("rules", .word, default: .word("default"), position: 0,
                         help: "the rules file: NAME.rules in ./queries/rules, the config folder or the shipped rules, or a path in quotes"),
        ],
        examples: [
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | decide",
            "daily area=DK2 since=2024-09-01 until=2024-11-01 | decide rules=absolute | select day price production decision",
            "hourly area=DK1 since=2024-06-01 until=2024-07-01 | decide negative | where decision = BUY",
        ])

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        let locator = RuleFileLocator(directories: context.rulesDirectories)
        let rules = try locator.load(Self.reference(stage), at: stage.range(of: "rules"), in: context.statement)
        let aliases = RuleSet.commonAliases
        try rules.validate(against: input, aliases: aliases, timeZone: context.timeZone)
        return PreparedTransform(output: rules.outputSchema(for: input), isBlocking: true) { rows, context in
            // A live input (tail … | window 1d) is decided row by row against the rows so far.
            if rows.isLive { return LiveDecisionStream(input: rows, rules: rules, aliases: aliases) }
            var decided: [[Value]]?
            var index = 0
            return MappedRowStream(schema: rules.outputSchema(for: rows.schema), input: rows) { input in
                if decided == nil {
                    let all = try input.collect(cancellation: context.cancellation)
                    decided = try rules.apply(to: RowSet(schema: input.schema, rows: all), aliases: aliases,
                                              timeZone: context.timeZone).rows
                }
                guard let result = decided, index < result.count else { return nil }
                defer { index += 1 }
                return result[index]
            }
        }
    }

    /// What `rules=` names: a quoted value that is not a plain name is a
    /// path; anything else (a word, a `$variable`) is a name.
    static func reference(_ stage: BoundStage) -> RuleReference {
        let text = stage.text("rules") ?? "default"
        let written: ValueSyntax? = stage.call.arguments.lazy.compactMap { argument -> ValueSyntax? in
            switch argument {
            case .named(let named) where named.name == "rules": return named.value
            case .positional(let value): return value
            default: return nil
            }
        }.first
        if case .string = written?.kind, !RuleFileLocator.isName(text) { return .path(text) }
        return .name(text)
    }
}
