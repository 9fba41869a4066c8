// The Rules module: decision rules files and their evaluation, for `decide`.
//
//   RuleSet            parse(text, name:) → rules; validate(against:aliases:); apply(to:aliases:) → RowSet
//                      with `decision` and `reason` appended. The file format: RuleFileParser's doc comment.
//   RuleFileParser     lines → rules, aliases, the statistics directive; syntax errors with carets.
//   FunctionCheck      known functions, arity, no nested statistics (parse time).
//   RuleBinder         names → columns (ColumnResolver: file alias, exact name, caller alias), type checks,
//                      the statistics to compute → BoundRuleSet of CompiledExpressions.
//   RuleEvaluator      groups rows, computes each group's statistics (WindowStatistics), first match wins.
//   ReasonTemplate     "price {price} below {avg(price)}" reasons.
//   RuleFileLocator    NAME → NAME.rules in an ordered list of directories, with "did you mean".
//
// Errors are Query's QueryError, so rules errors render like query errors.

import Query

/// Foundation also has an `Expression` (macOS 15+); in this module it is always Query's.
typealias Expression = Query.Expression
