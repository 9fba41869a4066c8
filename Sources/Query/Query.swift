// The Query module: the pipeline language's front end.
//
// Phases, each in its own folder, each usable alone:
//
//   Source/       SourceText (text + name + line starts), SourcePosition, SourceRange.
//                 Positions count user-visible characters (Swift `Character`), 1-based.
//   Lexing/       Lexer: SourceText → [Token] (word, numbers, strings, durations, dates,
//                 date-times, $variables, .commands, operators, | ; , ( ) newlines).
//   Syntax/       The AST: Script, Statement (pipeline | let | dot command | explain),
//                 Pipeline, StageCall, Argument, ValueSyntax, Expression; SyntaxDump.
//   Parsing/      Parser (statements, pipelines, arguments), ExpressionParser (reusable on
//                 any token run, e.g. by the rules-file parser), Parser.isComplete (REPL).
//   Diagnostics/  QueryError (the module's one error type), DiagnosticRenderer (caret
//                 output), Suggestions ("did you mean").
//   Registry/     StageSpec, ArgumentSpec, ArgumentType, StageKind, StageRegistry<Impl>
//                 (the one place stages register), StageHelp (.help text).
//   Binding/      Binder (StageCall + spec → BoundStage), ArgumentValue, Environment
//                 (let and command-line variables).
//
// Typical use by the shell:
//
//   let source = SourceText(line)                       // or SourceText(text, name: path)
//   let script = try Parser.parse(source, stages: registry)
//   for statement in script.statements {
//       switch statement {
//       case .let(let l): try env.apply(l, in: source)
//       case .pipeline(let p):
//           let stages = try Binder(stages: registry, environment: env, source: source).bind(p)
//           // planner / executor: registry.entry(named: stage.name)!.implementation …
//       case .explain(let p, _): …
//       case .dotCommand(let c): …
//       }
//   }
//   catch let error as QueryError { print(error.rendered()) }
//
// Seams for later code:
//   - The executor chooses StageRegistry's `Implementation` type (see StageRegistry).
//   - Expressions keep bare names as `.identifier`; call `resolvingIdentifiers(columns:in:)`
//     once the input's columns are known. Column-typed arguments and filters:
//     `BoundStage.validateColumns(_:in:)`.
//   - Errors from later phases: throw QueryError(.other or a new code, message, at: range,
//     in: source) with a range from the AST (StageCall.nameRange, BoundStage.range(of:)).
