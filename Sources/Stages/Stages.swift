// The Stages module: the pipeline's stages, the planner that pushes them
// into one SQL statement, and the executor that runs the rest in memory.
//
//   Interface/    Stage (+ SourceStage, TransformStage, SinkStage), SourcePlan,
//                 RowSource, PreparedTransform, PreparedSink, RowStream,
//                 ExecutionContext, CancellationToken, OutputWriter, TerminalFacts,
//                 WarningChannel, DatabaseProvider/LazyDatabase, KafkaProvider,
//                 ExecutionError (the module's error type; exit codes).
//   Expressions/  TypedExpression: `where` conditions checked against columns,
//                 run in memory or written as SQL with the same meaning.
//   Planning/     StoreQuery (core + pushed layers → one statement), SQLParameters,
//                 SortKey, Planner, Plan (+ explain text).
//   Execution/    Executor (run/explain/execute), CursorRowStream (read-only
//                 cursor, batches, Ctrl-C → PostgreSQL cancel), ExecutionSummary.
//   Sources/      prices, production, daily, hourly, total, raw, sql, note.
//   Transforms/   where, select, sort, limit, top, decide (rules files), spark.
//   Sinks/        table, csv, json, markdown, print, chart, bar (LivePicture:
//                 redraw in place for live rows on a terminal).
//   Plugins/      PluginStage (an external plugin as a source, transform or
//                 sink), PluginCatalogCache (discovery in the background),
//                 StageCatalogLoader (built-ins + plugins, shadowing warnings).
//   BuiltinStages.swift registers the built-ins, grouped by kind.
//   StoreBenchmark.swift: daily vs GROUP BY over raw rows, for scripts/bench.
//
// Names the stages agree on (rules files, charts and the live window rely on them):
//   time (an instant: interval or bucket start), day/week/month (calendar days),
//   area, type, dataset; the measures are price (EUR/MWh) and production (MWh)
//   in every source that has them, with price_dkk (DKK/MWh), min_price,
//   max_price, intervals, price_intervals, production_hours, hours alongside.
//   Units travel in Column.unit and show in table headers ("price (EUR/MWh)").
