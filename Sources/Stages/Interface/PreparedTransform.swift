import Tabular

/// A transform checked against its input: its output columns, how to run it
/// in memory and, for stages the planner can put into SQL, how to do that.
public struct PreparedTransform {
    /// The columns it emits; nil when only running tells (an external
    /// plugin): the stages after it are then checked at run time, on the
    /// schema of the stream `apply` returns.
    public var output: Schema?
    /// True when it reads all its input before emitting anything (sort, top,
    /// decide): on a live source it emits only when the source ends.
    public var isBlocking: Bool
    /// Adds the stage to a store query and returns true, or returns false
    /// (leaving the query as it was) when it cannot be expressed there. nil
    /// for stages that only run in memory.
    public var pushDown: ((inout StoreQuery) throws -> Bool)?
    /// Runs the stage over rows in memory.
    public var apply: (any RowStream, ExecutionContext) throws -> any RowStream

    public init(output: Schema?, isBlocking: Bool = false, pushDown: ((inout StoreQuery) throws -> Bool)? = nil,
                apply: @escaping (any RowStream, ExecutionContext) throws -> any RowStream) {
        self.output = output
        self.isBlocking = isBlocking
        self.pushDown = pushDown
        self.apply = apply
    }
}
