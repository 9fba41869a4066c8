import Tabular

/// Counts the rows that reach the sink.
final class CountingRowStream: RowStream {
    let input: any RowStream
    private(set) var count = 0

    init(_ input: any RowStream) {
        self.input = input
    }

    var schema: Schema { input.schema }
    var isLive: Bool { input.isLive }

    func next() throws -> [Value]? {
        guard let row = try input.next() else { return nil }
        count += 1
        return row
    }

    func close() { input.close() }
}
