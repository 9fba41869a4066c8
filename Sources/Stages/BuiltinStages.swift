import Query

/// Every built-in stage, registered in one place and grouped by kind.
/// External plugins join through `StageCatalogLoader` (built-ins win a clash):
///
///     let loaded = StageCatalogLoader.load(catalog: PluginDiscovery(directories: dirs).discover())
///     let executor = Executor(registry: loaded.registry)
public enum BuiltinStages {
    /// Sources: the store's views, the SQL escape hatch, and the live Kafka tail.
    public static let sources: [any Stage] = [
        PricesStage(), ProductionStage(), DailyStage(), HourlyStage(), TotalStage(), RawStage(), SQLStage(),
        NoteStage(), TailStage(), LagStage(),
    ]

    /// Transforms: pushed into SQL after a store source, in memory otherwise.
    public static let transforms: [any Stage] = [
        WhereStage(), SelectStage(), ExtendStage(), SummarizeStage(), PivotStage(), JoinStage(),
        SortStage(), LimitStage(), TopStage(), DecideStage(), SparkStage(), WindowStage(),
    ]

    /// Sinks: text to the output.
    public static let sinks: [any Stage] = [
        TableSink(), CSVSink(), JSONSink(), MarkdownSink(),
        ChartSink(), BarSink(), PrintSink(),
    ]

    public static var all: [any Stage] { sources + transforms + sinks }

    /// A registry holding every built-in stage; throws only if a spec is
    /// invalid (a bug the tests catch).
    public static func makeRegistry() throws(QueryError) -> StageRegistry<any Stage> {
        var registry = StageRegistry<any Stage>()
        for stage in all { try registry.register(stage) }
        return registry
    }

    /// The built-in registry (empty only if a spec were invalid; the tests check it is not).
    public static let registry: StageRegistry<any Stage> = (try? makeRegistry()) ?? StageRegistry()
}

extension StageRegistry where Implementation == any Stage {
    /// Registers `stage` under its spec's name.
    public mutating func register(_ stage: any Stage) throws(QueryError) {
        try register(stage.spec, stage)
    }

    /// Registers `stage`, replacing one of the same name; returns the one replaced.
    @discardableResult
    public mutating func replace(_ stage: any Stage) throws(QueryError) -> Entry? {
        try replace(stage.spec, stage)
    }
}
