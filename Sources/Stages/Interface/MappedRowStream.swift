import Tabular

/// A stream over another, for transforms written as a closure from the
/// input's next row to this stream's next row (return nil to end).
public final class MappedRowStream: RowStream {
    public let schema: Schema
    public let input: any RowStream
    private let step: (any RowStream) throws -> [Value]?
    private var finished = false

    public init(schema: Schema, input: any RowStream, step: @escaping (any RowStream) throws -> [Value]?) {
        self.schema = schema
        self.input = input
        self.step = step
    }

    public var isLive: Bool { input.isLive }

    public func next() throws -> [Value]? {
        guard !finished else { return nil }
        guard let row = try step(input) else {
            finished = true
            return nil
        }
        return row
    }

    public func close() { input.close() }
}
