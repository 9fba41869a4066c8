// The Rules module: decision rules files and their evaluation, for `decide`.
//
//   RuleSet            parse(text, name:) → rules; validate(against:aliases:); apply(to:aliases:) → RowSet
//                      with `decision` and `reason` appended. The file format: RuleFileParser's doc comment.
//   RuleFileParser     lines → rules, aliases, the statistics directive; syntax errors with carets.
//   RuleBinder         the language's one checker (Query's ExpressionChecker) with names resolved by
//                      ColumnResolver (file alias, exact name, caller alias) and aggregates as statistics
//                      of the window → BoundRuleSet of TypedExpressions.
//   RuleEvaluator      groups rows, computes each group's statistics (Query's AggregateEvaluator and
//                      FunctionTable, as summarize does), first match wins.
//   ReasonTemplate     "price {price} below {avg(price)}" reasons.
//   RuleFileLocator    NAME → NAME.rules in an ordered list of directories, with "did you mean".
//
// Errors are Query's QueryError, so rules errors render like query errors.

import Query

/// Foundation also has an `Expression` (macOS 15+); in this module it is always Query's.
typealias Expression = Query.Expression
